import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";

/**
 * The deepest nesting of objects and arrays a JSON body may have. No input of ours comes near it (a tRPC batch
 * with superjson adds three levels to a monitor's own few); thousands of levels overflow the stack in
 * `JSON.stringify` and in recursive code further in, so deeper bodies are refused before any of it runs.
 */
export const MAX_JSON_NESTING = 64;

/** A 400 for Express's error handler; `expose` because the message is meant for the caller. */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly expose = true;

  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_NESTING} levels`);
    this.name = "JsonTooDeepError";
  }
}

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
  next(jsonNestingExceeds(req.body) ? new JsonTooDeepError() : undefined);
}

/**
 * The JSON body parser of every route that reads JSON (/trpc, /api/v1): size limit, then the nesting bound.
 * Errors go to the app's error handler, which answers in the documented error shape.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [express.json({ limit }), rejectDeepJson];
}
