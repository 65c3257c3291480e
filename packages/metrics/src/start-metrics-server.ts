import { createServer } from "node:http";
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
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A tiny internal HTTP server answering `GET /metrics` only. It listens `exclusive`ly so that in a
 * cluster (PM2) every worker binds its own port instead of sharing one round-robin handle, which
 * would hand each scrape to a random worker.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const handle = metricsHandler(options.metrics, { token: options.token });
  const log = options.logger.child({ component: "metrics" });
  const server = createServer((req, res) => {
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
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/metrics`;
  log.info({ url }, "metrics listening");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
