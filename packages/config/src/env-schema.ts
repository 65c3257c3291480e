import { z } from "zod";
import { authEnvShape, jwtKeysValidForEnvironment } from "./auth-env.ts";
import { commaList, flag, nodeEnvSchema, port, positiveInt } from "./env-fields.ts";
import { metricsEnvShape } from "./metrics-config.ts";
import { monitoringEnvShape } from "./monitoring-config.ts";
import { notificationsEnvShape } from "./notifications-config.ts";
import { operatorAlertsEnvShape } from "./operator-alerts-config.ts";
import { routeRateLimitsEnvShape } from "./route-rate-limits-config.ts";

/**
 * Every environment variable Ping Pilot reads. `.env.example` documents each one;
 * keep both in step.
 */
export const envSchema = z
  .object({
    NODE_ENV: nodeEnvSchema.default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_PRETTY: flag.optional(),

    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://")
      .optional(),
    MONGODB_POOL_SIZE: positiveInt.max(500).default(20),
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: positiveInt.default(2_000),
    MONGODB_SOCKET_TIMEOUT_MS: positiveInt.default(45_000),
    PINGPILOT_EMBEDDED_DB: z.enum(["auto", "mongod", "ferretdb"]).default("auto"),
    PINGPILOT_DATA_DIR: z.string().min(1).default(".data"),
    FERRETDB_BIN: z.string().min(1).optional(),

    API_HOST: z.string().min(1).default("127.0.0.1"),
    API_PORT: port.default(3000),
    PUBLIC_URL: z.url().default("http://localhost:3000"),
    CORS_ORIGINS: commaList,
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, "must look like 100kb or 1mb")
      .default("100kb"),
    TRUST_PROXY: z
      .string()
      .default("false")
      .transform((value): boolean | number | string => {
        if (value === "true") return true;
        if (value === "false") return false;
        return /^\d+$/.test(value) ? Number(value) : value;
      }),
    SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),

    SCHEDULER_INSTANCE_ID: z.string().min(1).optional(),
    JOB_RUN_RETENTION_DAYS: positiveInt.max(3650).default(30),

    ...authEnvShape,
    ...metricsEnvShape,
    ...monitoringEnvShape,
    ...notificationsEnvShape,
    ...routeRateLimitsEnvShape,
    ...operatorAlertsEnvShape,
  })
  .refine((env) => env.NODE_ENV !== "production" || env.MONGODB_URI !== undefined, {
    path: ["MONGODB_URI"],
    message: "is required when NODE_ENV=production (the embedded database is for development only)",
  })
  .refine(jwtKeysValidForEnvironment, {
    path: ["AUTH_JWT_KEYS"],
    message: "is required when NODE_ENV=production, with your own secrets (the development key is public)",
  });

export type Env = z.infer<typeof envSchema>;
