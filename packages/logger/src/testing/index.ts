export type { DestinationStream } from "pino";
export { type CaptureLoggerOptions, createCaptureLogger } from "./capture-logger.ts";
