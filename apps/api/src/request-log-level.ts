import type { Level } from "pino";

/** A request slower than this is logged at info even where successful requests are quiet. */
export const SLOW_REQUEST_MS = 1_000;

/**
 * The level of a request's one log line. 5xx are errors (their cause rides along), 503 (database away) a
 * warning. In development (`quietSuccess`) a fast successful request is debug: a dashboard polling every
 * few seconds would otherwise bury the lines that matter (the logged emails, warnings); 4xx and slow
 * requests stay at info. Elsewhere every request is an info line, the access log.
 */
export function requestLogLevel(
  statusCode: number,
  failed: boolean,
  elapsedMs: number | undefined,
  quietSuccess: boolean,
): Level {
  if (statusCode === 503) return "warn";
  if (failed || statusCode >= 500) return "error";
  const slow = elapsedMs === undefined || elapsedMs >= SLOW_REQUEST_MS;
  return quietSuccess && statusCode < 400 && !slow ? "debug" : "info";
}
