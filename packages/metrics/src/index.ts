export { createMetrics, type Metrics, type MetricsOptions, type PoolStats } from "./create-metrics.ts";
export { hasBearerToken, type MetricsHandlerOptions, metricsHandler } from "./metrics-handler.ts";
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from "./start-metrics-server.ts";
