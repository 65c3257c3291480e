import { Writable } from "node:stream";
import { createLogger, type Logger } from "@pingpilot/logger";

export interface LogEntry {
  level: number;
  msg: string;
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

/** A real logger (the app's own factory, redaction included) writing JSON lines into memory for a test to read. */
export function captureLogs(): { logger: Logger; entries(): LogEntry[]; text(): string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .split("\n")
          .filter((line) => line.length > 0),
      );
      done();
    },
  });
  const logger = createLogger({ level: "info", pretty: false, destination });
  return {
    logger,
    entries: () => lines.map((line) => JSON.parse(line) as LogEntry),
    text: () => lines.join("\n"),
  };
}
