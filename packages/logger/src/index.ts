export { createLogger, type Logger, type LoggerOptions, redactedPaths } from "./create-logger.ts";
export { redactUrl, secretQueryParameters } from "./redact-url.ts";
