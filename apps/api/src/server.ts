import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiDependencies } from "@pingpilot/api";
import { type MetricsServer, startMetricsServer } from "@pingpilot/metrics";
import { createApp } from "./app.ts";

export interface RunningServer {
  server: Server;
  url: string;
  /** The internal metrics server, when METRICS_PORT is set (`await metricsServer.listening` for its URL). */
  metricsServer: MetricsServer | undefined;
  /** Stops accepting, lets in-flight requests finish (up to the shutdown timeout), then closes. */
  close(): Promise<void>;
}

/** The internal /metrics server (METRICS_PORT); the API does not wait for it (see startMetricsServer). */
function startInternalMetrics(deps: ApiDependencies): MetricsServer | undefined {
  const { port, host } = deps.config.metrics.api;
  if (!deps.metrics || port === undefined) return undefined;
  return startMetricsServer({
    metrics: deps.metrics,
    host,
    port,
    token: deps.config.metrics.token,
    logger: deps.logger,
  });
}

export async function startServer(deps: ApiDependencies): Promise<RunningServer> {
  const metricsServer = startInternalMetrics(deps);
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(deps.config.api.port, deps.config.api.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = deps.config.api.host.includes(":") ? `[${deps.config.api.host}]` : deps.config.api.host;
  const url = `http://${host}:${port}`;
  deps.logger.info({ url }, "api listening");

  return {
    server,
    url,
    metricsServer,
    close: async () => {
      await Promise.all([closeGracefully(), metricsServer?.close()]);
    },
  };

  function closeGracefully(): Promise<void> {
    return new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        deps.logger.warn("shutdown timeout: closing remaining connections");
        server.closeAllConnections();
      }, deps.config.shutdownTimeoutMs);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      server.closeIdleConnections();
    });
  }
}
