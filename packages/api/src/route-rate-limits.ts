import type { RouteRateLimitsConfig } from "@pingpilot/config";
import type { RateLimitRule } from "./rate-limit.ts";

/**
 * The route classes with a per-minute limit of their own (auth procedures have their own rules in
 * auth/auth-rate-limits.ts): `reads` and `writes` per signed-in user, `public` per client IP.
 */
export type RouteClass = "reads" | "writes" | "public";

/** The counter rule of a route class; reads and writes count in separate documents. */
export function routeRateRule(limits: RouteRateLimitsConfig, routeClass: RouteClass): RateLimitRule {
  const limit =
    routeClass === "reads" ? limits.readsPerUser : routeClass === "writes" ? limits.writesPerUser : limits.publicPerIp;
  return { name: `route:${routeClass}`, limit, windowSeconds: limits.windowSeconds };
}
