import { z } from "zod";
import { type EnvOf, type NodeEnv, port } from "./env-fields.ts";

/** Every metrics variable; spread into the environment schema. */
export const metricsEnvShape = {
  /** Bearer token every /metrics endpoint requires when set. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Internal port for the API's /metrics (each PM2 cluster worker adds its NODE_APP_INSTANCE). */
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** The scheduler's own metrics endpoint; none when unset, except in development (9474). */
  SCHEDULER_METRICS_PORT: port.optional(),
  SCHEDULER_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** Set by PM2 for each instance of an app (0, 1, …); offsets the metrics ports. */
  NODE_APP_INSTANCE: z.coerce.number().int().min(0).max(1_000).optional(),
};

/** The parsed metrics variables, and NODE_ENV (which decides whether the API's port serves /metrics). */
export type MetricsEnv = EnvOf<typeof metricsEnvShape> & { NODE_ENV: NodeEnv };

export interface MetricsEndpointConfig {
  host: string;
  /** Already offset by the PM2 instance number; undefined = no separate metrics server. */
  port: number | undefined;
}

export interface MetricsConfig {
  /** When set, every /metrics endpoint requires `Authorization: Bearer <token>`. */
  token: string | undefined;
  /**
   * `/metrics` on the API's public port: served when a token protects it, or outside production
   * (local development). In production without a token, scrape the internal port instead.
   */
  servedOnApiPort: boolean;
  api: MetricsEndpointConfig;
  scheduler: MetricsEndpointConfig;
}

/** Port 0 stays 0 (any free port); a fixed port moves up by the instance number so workers never collide. */
function instancePort(base: number | undefined, instance: number | undefined): number | undefined {
  if (base === undefined || base === 0) return base;
  return base + (instance ?? 0);
}

/**
 * The scheduler has no HTTP port of its own, so without SCHEDULER_METRICS_PORT its metrics are not
 * reachable at all: in development it serves them on the documented default port (on SCHEDULER_METRICS_HOST,
 * loopback unless set), so `curl 127.0.0.1:9474/metrics` works out of the box.
 */
const SCHEDULER_DEVELOPMENT_METRICS_PORT = 9474;

function schedulerDevelopmentPort(nodeEnv: NodeEnv): number | undefined {
  return nodeEnv === "development" ? SCHEDULER_DEVELOPMENT_METRICS_PORT : undefined;
}

export function metricsConfigFrom(e: MetricsEnv): MetricsConfig {
  return {
    token: e.METRICS_TOKEN,
    servedOnApiPort: e.METRICS_TOKEN !== undefined || e.NODE_ENV !== "production",
    api: { host: e.METRICS_HOST, port: instancePort(e.METRICS_PORT, e.NODE_APP_INSTANCE) },
    scheduler: {
      host: e.SCHEDULER_METRICS_HOST,
      port: instancePort(e.SCHEDULER_METRICS_PORT ?? schedulerDevelopmentPort(e.NODE_ENV), e.NODE_APP_INSTANCE),
    },
  };
}
