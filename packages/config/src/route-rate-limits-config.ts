import { type EnvOf, positiveInt } from "./env-fields.ts";

const perMinute = positiveInt.max(1_000_000);

/** Per-minute limits by route class; spread into the environment schema. Auth limits live in auth-env.ts. */
export const routeRateLimitsEnvShape = {
  /** tRPC queries (and REST GETs) one signed-in user may make per minute, across every API process. */
  RATE_LIMIT_READS_PER_MINUTE: perMinute.default(600),
  /** tRPC mutations (and REST writes) one signed-in user may make per minute. */
  RATE_LIMIT_WRITES_PER_MINUTE: perMinute.default(120),
  /** Requests one client IP may make per minute to the public surface: /api/v1, /openapi.json, /docs. */
  RATE_LIMIT_PUBLIC_PER_MINUTE: perMinute.default(300),
};

export interface RouteRateLimitsConfig {
  /** Fixed windows of one minute. */
  windowSeconds: number;
  readsPerUser: number;
  writesPerUser: number;
  publicPerIp: number;
}

export function routeRateLimitsConfigFrom(e: EnvOf<typeof routeRateLimitsEnvShape>): RouteRateLimitsConfig {
  return {
    windowSeconds: 60,
    readsPerUser: e.RATE_LIMIT_READS_PER_MINUTE,
    writesPerUser: e.RATE_LIMIT_WRITES_PER_MINUTE,
    publicPerIp: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
  };
}
