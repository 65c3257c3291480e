import type { Database } from "@pingpilot/db";
import { DatabaseUnavailableError } from "@pingpilot/domain";
import type { RequestHandler } from "express";

/**
 * For plain Express routes that need the database (REST, /push, and the public rate limit in front of them):
 * with the database known unreachable, answer 503 with Retry-After at once (through the app's error handler)
 * instead of letting the request wait for it. tRPC procedures do the same in their own middleware.
 */
export function requireDatabase(db: Database): RequestHandler {
  return (_req, _res, next) => {
    next(db.isReachable() ? undefined : new DatabaseUnavailableError());
  };
}
