import { TRPCError } from "@trpc/server";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";

/**
 * The deepest nesting of objects and arrays a JSON body may have. No input of ours comes near it (a tRPC batch
 * with superjson adds three levels to a monitor's own few); thousands of levels overflow the stack in
 * `JSON.stringify` and in recursive code further in, so deeper bodies are refused before any of it runs.
 */
export const MAX_JSON_NESTING = 64;

/** Depth of objects and arrays, walked with an explicit stack: the check itself must not recurse. */
export function jsonNestingExceeds(value: unknown, max: number = MAX_JSON_NESTING): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, depth] = next;
    if (current === null || typeof current !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
    }
  }
  return false;
}

function rejectDeepJson(req: Request, _res: Response, next: NextFunction): void {
  const tooDeep = jsonNestingExceeds(req.body);
  next(
    tooDeep
      ? new TRPCError({ code: "BAD_REQUEST", message: `JSON nested deeper than ${MAX_JSON_NESTING} levels` })
      : undefined,
  );
}

/**
 * A body that is there but not JSON would otherwise reach the procedure as no input at all and fail as
 * "invalid input" with no field to blame.
 */
function requireJsonType(req: Request, _res: Response, next: NextFunction): void {
  // `req.is` is null without a body, false for a body of another type.
  if (req.is("application/json") !== false) {
    next();
    return;
  }
  const sent = req.get("content-type") ?? "no Content-Type";
  next(
    new TRPCError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: `The body must be JSON sent with Content-Type: application/json (got ${sent})`,
    }),
  );
}

/** body-parser's errors carry an HTTP status and a `type`; each becomes the TRPCError both transports answer. */
export function bodyParserErrorOf(error: unknown): TRPCError {
  const { status, type } = (typeof error === "object" && error !== null ? error : {}) as {
    status?: unknown;
    type?: unknown;
  };
  if (type === "entity.parse.failed") {
    return new TRPCError({ code: "PARSE_ERROR", message: "The request body is not valid JSON", cause: error });
  }
  if (status === 413) {
    return new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "The request body is too large", cause: error });
  }
  if (status === 415) {
    return new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Unsupported body encoding", cause: error });
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new TRPCError({ code: "BAD_REQUEST", message: "The request body could not be read", cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
}

function parseJson(limit: string): RequestHandler {
  const parse = express.json({ limit });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => next(error === undefined ? undefined : bodyParserErrorOf(error)));
  };
}

/**
 * The JSON body parser of every route that reads JSON (/trpc, /api/v1): JSON only, size limit, then the
 * nesting bound. Every refusal is a TRPCError, which each transport answers in its own error shape (the
 * tRPC envelope on /trpc, the documented body on /api/v1).
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [requireJsonType, parseJson(limit), rejectDeepJson];
}
