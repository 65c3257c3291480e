import { type DestinationStream, type Level, pino } from "pino";
import { createLogger, type Logger } from "../create-logger.ts";

export interface CaptureLoggerOptions {
  /** What reaches the terminal ("silent" for nothing), e.g. from TEST_LOG_LEVEL. */
  terminalLevel: string;
  /** Every line down to `captureLevel` is also appended to this stream (a file in the run's capture directory). */
  capture: DestinationStream;
  captureLevel?: Level;
  name?: string;
}

/**
 * A logger with the product's redaction that writes to a capture file whatever the terminal level, so a
 * test run can be checked afterwards for secrets that reached a log line.
 */
export function createCaptureLogger(options: CaptureLoggerOptions): Logger {
  const captureLevel = options.captureLevel ?? "debug";
  const streams: pino.StreamEntry[] = [{ level: captureLevel, stream: options.capture }];
  if (options.terminalLevel !== "silent") {
    streams.push({ level: options.terminalLevel as Level, stream: process.stdout });
  }
  const levels = [captureLevel, options.terminalLevel].filter((level) => level !== "silent") as Level[];
  const lowest = levels.reduce((a, b) => ((pino.levels.values[a] ?? 0) <= (pino.levels.values[b] ?? 0) ? a : b));
  return createLogger({
    level: lowest,
    pretty: false,
    ...(options.name ? { name: options.name } : {}),
    destination: pino.multistream(streams),
  });
}
