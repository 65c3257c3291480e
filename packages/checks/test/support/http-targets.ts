import { type HttpCheckConfig, httpCheckConfigSchema } from "@pingpilot/domain";
import { afterAll } from "vitest";
import { type RunningServer, startHttpServer } from "./servers.ts";

export interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: Record<string, unknown>;
  body: string;
}

export interface HttpTargets extends RunningServer {
  /** Every request the targets received, in order. */
  received: ReceivedRequest[];
  /** An HTTP check of one of the routes (`/ok`, `/hang`…), `extra` written over the defaults. */
  httpCheck(path: string, extra?: Record<string, unknown>): HttpCheckConfig;
}

export const TEN_MEGABYTES = 10 * 1024 * 1024;

/**
 * One loopback HTTP server with a route per behaviour the HTTP check must handle: fine, failing,
 * JSON, redirects (loops, long chains, forbidden places), hanging, trickling, endless and 10 MB
 * responses, and a reset in the middle of a body.
 */
export async function startHttpTargets(): Promise<HttpTargets> {
  const received: ReceivedRequest[] = [];
  let port = 0;
  const server = await startHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const url = new URL(request.url ?? "/", "http://x");
      switch (url.pathname) {
        case "/ok":
          response.end("All systems OK");
          return;
        case "/unavailable":
          response.writeHead(503).end("down for maintenance");
          return;
        case "/json":
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify({ data: { items: [{ status: "up", load: 0.4 }], count: 3 } }));
          return;
        case "/not-json":
          response.end("<html>");
          return;
        case "/redirect":
          response.writeHead(302, { location: "/ok" }).end();
          return;
        case "/loop":
          response.writeHead(302, { location: "/loop" }).end();
          return;
        case "/to-metadata":
          response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
          return;
        case "/to-private-name":
          response.writeHead(307, { location: `http://rebind.test:${port}/ok` }).end();
          return;
        case "/post-redirect":
          response.writeHead(303, { location: "/echo" }).end();
          return;
        case "/echo":
          response.end(`${request.method} ${body}`);
          return;
        case "/hang":
          return; // never answers
        case "/endless":
          response.writeHead(200, { "content-type": "text/plain" });
          {
            const chunk = Buffer.alloc(64 * 1024, "a");
            const pump = () => {
              while (response.write(chunk)) {
                /* keep the pipe full */
              }
              response.once("drain", pump);
            };
            pump();
          }
          return;
        case "/ten-megabytes": {
          // 10 MB with a Content-Length, written from one shared chunk so the target itself holds ~64 KiB.
          const chunk = Buffer.alloc(64 * 1024, "b");
          let left = TEN_MEGABYTES;
          response.writeHead(200, { "content-type": "text/plain", "content-length": String(left) });
          const pump = () => {
            while (left > 0) {
              const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
              left -= piece.length;
              if (!response.write(piece)) {
                response.once("drain", pump);
                return;
              }
            }
            response.end();
          };
          response.on("close", () => {
            left = 0;
          });
          pump();
          return;
        }
        case "/reset-mid-body":
          // Headers and part of the body, then a TCP reset instead of the rest.
          response.writeHead(200, { "content-type": "text/plain", "content-length": "100000" });
          response.write("partial body, no keyword here", () => {
            setTimeout(() => request.socket.resetAndDestroy(), 50);
          });
          return;
        case "/trickle": {
          response.writeHead(200);
          const timer = setInterval(() => response.write("x"), 200);
          response.on("close", () => clearInterval(timer));
          return;
        }
        default: {
          // /chain/<n>: n more redirects, each to a different URL, then /ok.
          const hops = /^\/chain\/(\d+)$/.exec(url.pathname)?.[1];
          if (hops !== undefined) {
            const left = Number(hops);
            response.writeHead(302, { location: left > 1 ? `/chain/${left - 1}` : "/ok" }).end();
            return;
          }
          response.writeHead(404).end();
        }
      }
    });
  });
  port = server.port;
  return {
    ...server,
    received,
    httpCheck: (path, extra = {}) =>
      httpCheckConfigSchema.parse({ type: "http", url: `${server.origin}${path}`, ...extra }),
  };
}

/** The test file's HTTP targets, closed when the file's tests end. */
export async function useHttpTargets(): Promise<HttpTargets> {
  const targets = await startHttpTargets();
  afterAll(() => targets.close());
  return targets;
}
