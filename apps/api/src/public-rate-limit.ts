import { type RateLimiter, type RateLimitRule, retryAfterSecondsOf } from "@pingpilot/api";
import type { RequestHandler } from "express";

/**
 * Counts every request to a public route against the client IP's per-minute limit (shared by all API
 * processes through MongoDB); over it, 429 with Retry-After and the API's JSON error shape. The IP is
 * Express's `req.ip`, so behind a proxy it is only right with TRUST_PROXY set.
 */
export function publicRateLimit(limiter: RateLimiter, rule: RateLimitRule): RequestHandler {
  return async (req, res, next) => {
    try {
      await limiter.consume(rule, req.ip ?? req.socket.remoteAddress ?? "unknown");
    } catch (error) {
      const retryAfter = retryAfterSecondsOf(error);
      if (retryAfter === undefined) throw error;
      res
        .status(429)
        .set({ "retry-after": String(retryAfter), "cache-control": "no-store" })
        .json({ error: { code: "TOO_MANY_REQUESTS", message: "Too many requests, try again later" } });
      return;
    }
    next();
  };
}
