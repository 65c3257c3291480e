import type { ServerResponse } from "node:http";

/**
 * The one mapping of HTTP status → error code for every answer that is not a tRPC envelope (REST, /push's
 * JSON-less neighbours, body-parser errors, 404s, header-size errors). The names are tRPC's, so a caller
 * sees the same code on /trpc and /api/v1.
 */
const codeByStatus: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  431: "REQUEST_HEADER_FIELDS_TOO_LARGE",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/** A status's code; an unlisted 4xx is a bad request, anything else an internal error (never the reverse). */
export function errorCodeForStatus(status: number): string {
  return codeByStatus[status] ?? (status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR");
}

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string[] | undefined> };
}

/** The documented error shape: `{"error":{"code","message"}}`, plus field errors when input failed validation. */
export function errorBody(
  status: number,
  message: string,
  fieldErrors?: Record<string, string[] | undefined>,
): ErrorBody {
  return { error: { code: errorCodeForStatus(status), message, ...(fieldErrors ? { fieldErrors } : {}) } };
}

/**
 * Hands the cause of a 500 to pino-http, whose one line per request then carries it (with stack and the
 * request id): the cause is logged once, in the line that already says which request failed.
 */
export function noteServerError(res: ServerResponse, error: unknown): void {
  res.err = error instanceof Error ? error : new Error(String(error));
}
