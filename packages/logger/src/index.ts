export { createLogger, type Logger, type LoggerOptions, redactedPaths } from "./create-logger.ts";
