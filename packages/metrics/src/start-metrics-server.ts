import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@pingpilot/logger";
import type { Metrics } from "./create-metrics.ts";
import { metricsHandler } from "./metrics-handler.ts";

export interface MetricsServerOptions {
  metrics: Metrics;
  host: string;
  /** `0` picks a free port. */
  port: number;
  token?: string | undefined;
  logger: Logger;
  /** Pause between attempts while the port is taken (default 500 ms). */
  retryDelayMs?: number;
}

export interface MetricsServer {
  /** The scrape URL once listening; undefined when the port could not be bound for another reason (logged). */
  listening: Promise<string | undefined>;
  close(): Promise<void>;
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/**
 * A tiny internal HTTP server answering `GET /metrics` only.
 *
 * It listens `exclusive`ly, so that in a cluster (PM2) every worker binds its own port instead of
 * sharing one round-robin handle that would hand each scrape to a random worker. While the port is
 * taken it keeps retrying: during `pm2 reload` the new worker starts while the old one with the same
 * instance number (and so the same port) still runs, and takes the port over once the old one stops.
 * The caller does not wait for this, so the API answers traffic meanwhile.
 */
export function startMetricsServer(options: MetricsServerOptions): MetricsServer {
  const handle = metricsHandler(options.metrics, { token: options.token });
  const log = options.logger.child({ component: "metrics" });
  const server: Server = createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://metrics").pathname !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found: scrape /metrics\n");
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, "metrics scrape failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const listening = new Promise<string | undefined>((resolve) => {
    let attempts = 0;
    const attempt = () => {
      if (closed) return resolve(undefined);
      attempts += 1;
      server.once("error", onError);
      server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
        server.off("error", onError);
        if (closed) {
          server.close();
          return resolve(undefined);
        }
        const { port } = server.address() as AddressInfo;
        const host = options.host.includes(":") ? `[${options.host}]` : options.host;
        const url = `http://${host}:${port}/metrics`;
        log.info({ url }, "metrics listening");
        resolve(url);
      });
    };
    const onError = (error: unknown) => {
      if (errorCode(error) === "EADDRINUSE" && !closed) {
        if (attempts === 1 || attempts % 60 === 0) {
          log.warn(
            { port: options.port, attempts },
            "metrics port is taken (a previous worker still stopping?); retrying",
          );
        }
        retryTimer = setTimeout(attempt, options.retryDelayMs ?? 500);
        return;
      }
      log.error({ err: error, port: options.port }, "metrics server could not listen");
      resolve(undefined);
    };
    attempt();
  });

  return {
    listening,
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
