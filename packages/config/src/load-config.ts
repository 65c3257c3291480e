import { hostname } from "node:os";
import type { z } from "zod";
import { type AuthConfig, authConfigFrom, type EmailConfig, emailConfigFrom } from "./auth-config.ts";
import { type Env, envSchema } from "./env-schema.ts";
import { type MetricsConfig, metricsConfigFrom } from "./metrics-config.ts";
import { type MonitoringConfig, monitoringConfigFrom } from "./monitoring-config.ts";
import { type NotificationsConfig, notificationsConfigFrom } from "./notifications-config.ts";
import { type OperatorAlertsConfig, operatorAlertsConfigFrom } from "./operator-alerts-config.ts";
import { type RouteRateLimitsConfig, routeRateLimitsConfigFrom } from "./route-rate-limits-config.ts";

/** Raised when the environment does not describe a runnable service; lists every problem at once. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export interface Config {
  env: Env["NODE_ENV"];
  /** How long a process waits for in-flight work on SIGTERM before cutting it off. */
  shutdownTimeoutMs: number;
  log: { level: Env["LOG_LEVEL"]; pretty: boolean };
  database: {
    uri: string | undefined;
    poolSize: number;
    serverSelectionTimeoutMs: number;
    socketTimeoutMs: number;
    embedded: Env["PINGPILOT_EMBEDDED_DB"];
    dataDir: string;
    ferretdbBin: string | undefined;
  };
  api: {
    host: string;
    port: number;
    publicUrl: string;
    corsOrigins: string[];
    bodyLimit: string;
    trustProxy: boolean | number | string;
  };
  scheduler: {
    instanceId: string;
    jobRunRetentionDays: number;
  };
  /** The web app's base URL (APP_URL), for links in emails. */
  appUrl: string;
  auth: AuthConfig;
  email: EmailConfig;
  /** /metrics endpoints of the API and the scheduler. */
  metrics: MetricsConfig;
  /** Checks, the scheduler's check loop, monitor limits and data retention. */
  monitoring: MonitoringConfig;
  /** The notifications outbox (retries, storm control) and reports. */
  notifications: NotificationsConfig;
  /** Per-minute limits for reads, writes and the public routes (auth limits are in `auth`). */
  rateLimits: RouteRateLimitsConfig;
  /** Where unhandled errors and repeatedly failing jobs are reported. */
  operatorAlerts: OperatorAlertsConfig;
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = issue.path.join(".") || "(environment)";
  const value = env[name];
  const shown = value === undefined ? "not set" : `got ${JSON.stringify(value)}`;
  return `${name}: ${issue.message} (${shown})`;
}

/** Parses the environment once. Throws {@link ConfigError} naming every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeIssue(issue, env)));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_PRETTY ?? e.NODE_ENV === "development" },
    database: {
      uri: e.MONGODB_URI,
      poolSize: e.MONGODB_POOL_SIZE,
      serverSelectionTimeoutMs: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
      socketTimeoutMs: e.MONGODB_SOCKET_TIMEOUT_MS,
      embedded: e.PINGPILOT_EMBEDDED_DB,
      dataDir: e.PINGPILOT_DATA_DIR,
      ferretdbBin: e.FERRETDB_BIN,
    },
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      publicUrl: e.PUBLIC_URL.replace(/\/$/, ""),
      corsOrigins: e.CORS_ORIGINS,
      bodyLimit: e.BODY_LIMIT,
      trustProxy: e.TRUST_PROXY,
    },
    scheduler: {
      instanceId: e.SCHEDULER_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
      jobRunRetentionDays: e.JOB_RUN_RETENTION_DAYS,
    },
    appUrl: e.APP_URL.replace(/\/$/, ""),
    auth: authConfigFrom(e),
    email: emailConfigFrom(e),
    metrics: metricsConfigFrom(e),
    monitoring: monitoringConfigFrom(e),
    notifications: notificationsConfigFrom(e),
    rateLimits: routeRateLimitsConfigFrom(e),
    operatorAlerts: operatorAlertsConfigFrom(e),
  };
}

/**
 * For `main.ts` files: load the config or stop the process with exit code 1 and one readable
 * message (no stack trace). Written straight to stderr because the logger needs the config.
 */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
}
