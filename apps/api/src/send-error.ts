import type { ServerResponse } from "node:http";
import { httpErrorAnswerOf } from "@pingpilot/api";
import { TRPCError } from "@trpc/server";
import type { Response } from "express";

/** A procedure's TRPCError wraps what was thrown; the thrown error's stack is the one worth logging. */
export function causeOf(error: unknown): unknown {
  return error instanceof TRPCError && error.cause ? error.cause : error;
}

/**
 * Hands the cause of a 500 to pino-http, whose one line per request then carries it (with stack and the
 * request id): the cause is logged once, in the line that already says which request failed.
 */
export function noteServerError(res: ServerResponse, error: unknown): void {
  res.err = error instanceof Error ? error : new Error(String(error));
}

/**
 * Answers any error in the documented shape (`{"error":{"code","message","fieldErrors"?}}`, built by
 * @pingpilot/api's error-body.ts) with the status its kind implies — the same for REST, /push's failures and
 * every plain Express route. An unexpected error answers 500 "Internal server error" and its cause goes
 * into the request's log line; 503 and 429 carry Retry-After.
 */
export function sendError(res: Response, error: unknown): void {
  const answer = httpErrorAnswerOf(error);
  if (answer.status >= 500 && answer.status !== 503) noteServerError(res, causeOf(error));
  if (answer.retryAfterSeconds !== undefined) res.set("retry-after", String(answer.retryAfterSeconds));
  res.status(answer.status).set("cache-control", "no-store").json(answer.body);
}
