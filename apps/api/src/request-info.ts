import type { RequestInfo } from "@pingpilot/api";
import type { Request } from "express";
import { parseCookieHeader } from "./cookies.ts";

/**
 * The facts a procedure may read about its request, from Express: the one builder for /trpc and REST.
 * REST passes `withCookies: false`: it authenticates by header only, so a browser's cookies never act there.
 */
export function requestInfoOf(req: Request, { withCookies }: { withCookies: boolean }): RequestInfo {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
    userAgent: req.get("user-agent"),
    headers: req.headers,
    requestId: String(req.id),
    cookies: withCookies ? parseCookieHeader(req.headers.cookie) : {},
  };
}
