import { type DestinationStream, type Logger, pino } from "pino";
import { redactUrl } from "./redact-url.ts";

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Human-readable output for a terminal; JSON lines otherwise. */
  pretty: boolean;
  name?: string;
  /** Where JSON lines go (default stdout); tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** Fields that must never reach a log line. */
export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-api-key']",
  "res.headers['set-cookie']",
  "password",
  "newPassword",
  "oldPassword",
  "token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "secret",
  "*.password",
  "*.newPassword",
  "*.oldPassword",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.apiKey",
  "*.secret",
];

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: redactedPaths, censor: "[redacted]" },
    // Paths redact whole fields; a URL keeps its route and loses only its secrets (push tokens, ?token=…).
    serializers: { url: (url: unknown) => (typeof url === "string" ? redactUrl(url) : url) },
    ...(options.pretty
      ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } } }
      : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
