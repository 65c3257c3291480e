import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "./create-metrics.ts";

export interface MetricsHandlerOptions {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** True when the header carries the bearer token; compared in constant time (hashes have equal length). */
export function hasBearerToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(authorization ?? "");
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Answers a Prometheus scrape with this process's series. Plain `node:http` types, so the same
 * handler serves inside Express and on a bare internal server.
 */
export function metricsHandler(metrics: Metrics, options: MetricsHandlerOptions = {}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res
        .writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" })
        .end("Method not allowed\n");
      return;
    }
    if (options.token !== undefined && !hasBearerToken(req.headers.authorization, options.token)) {
      res
        .writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain; charset=utf-8" })
        .end("Unauthorized\n");
      return;
    }
    const body = await metrics.render();
    res.writeHead(200, { "content-type": metrics.contentType, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
