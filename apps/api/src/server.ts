import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiDependencies } from "@pingpilot/api";
import { type MetricsServer, startMetricsServer } from "@pingpilot/metrics";
import { createApp } from "./app.ts";
import { answerClientError } from "./client-error-answer.ts";
import { connectionDrainer } from "./connection-drainer.ts";

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
  const server = createServer(createApp(deps));
  server.on("clientError", answerClientError);
  const drainer = connectionDrainer(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.config.api.port, deps.config.api.host, () => {
      server.off("error", reject);
      resolve();
    });
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

  async function closeGracefully(): Promise<void> {
    const force = setTimeout(() => {
      deps.logger.warn("shutdown timeout: closing remaining connections");
      server.closeAllConnections();
    }, deps.config.shutdownTimeoutMs);
    await drainer.drain();
    clearTimeout(force);
  }
}
