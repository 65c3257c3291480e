import { domainErrorOf, retryAfterHeaderOf } from "@pingpilot/api";
import { InvalidInputError } from "@pingpilot/domain";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Response } from "express";
import { ZodError, z } from "zod";
import { errorBody, noteServerError } from "./error-body.ts";

/** What an HTTP error answer says; internal details stay in the log. */
interface ErrorAnswer {
  status: number;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
}

/** Express and body-parser errors carry their status; `expose` says their message is meant for the caller. */
function httpStatusOf(error: unknown): { status: number; expose: boolean } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === "number" && status >= 400 && status < 600 ? { status, expose: expose === true } : undefined;
}

function answerFor(error: unknown): ErrorAnswer {
  const domain = domainErrorOf(error);
  const trpcError = error instanceof TRPCError ? error : domain ? new TRPCError({ code: domain.code }) : undefined;
  if (trpcError) {
    const status = getHTTPStatusCodeFromError(trpcError);
    const cause = error instanceof TRPCError ? error.cause : undefined;
    if (cause instanceof ZodError)
      return { status, message: "Invalid input", fieldErrors: z.flattenError(cause).fieldErrors };
    const fieldErrors =
      domain instanceof InvalidInputError && domain.field ? { [domain.field]: [domain.message] } : undefined;
    const message = domain?.message ?? (status >= 500 ? "Internal server error" : trpcError.message);
    return { status, message, ...(fieldErrors ? { fieldErrors } : {}) };
  }
  const http = httpStatusOf(error);
  if (http && http.status < 500) {
    return { status: http.status, message: http.expose ? String((error as Error).message) : "Bad request" };
  }
  return { status: http?.status ?? 500, message: "Internal server error" };
}

/** A procedure's TRPCError wraps what was thrown; the thrown error's stack is the one worth logging. */
export function causeOf(error: unknown): unknown {
  return error instanceof TRPCError && error.cause ? error.cause : error;
}

/**
 * Answers any error in the documented shape (`{"error":{"code","message","fieldErrors"?}}`) with the status
 * its kind implies — the same for REST, /push's failures and every plain Express route. An unexpected error
 * answers 500 "Internal server error" and its cause goes into the request's log line; 503 and 429 carry
 * Retry-After.
 */
export function sendError(res: Response, error: unknown): void {
  const answer = answerFor(error);
  if (answer.status >= 500 && answer.status !== 503) noteServerError(res, causeOf(error));
  const retryAfter = retryAfterHeaderOf(error);
  if (retryAfter !== undefined) res.set("retry-after", String(retryAfter));
  res
    .status(answer.status)
    .set("cache-control", "no-store")
    .json(errorBody(answer.status, answer.message, answer.fieldErrors));
}
