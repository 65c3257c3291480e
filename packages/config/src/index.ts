export type { AuthConfig, EmailConfig, LoginLimits, RateLimitPair } from "./auth-config.ts";
export { devJwtKey, type JwtKey } from "./auth-env.ts";
export { type Env, envSchema } from "./env-schema.ts";
export { type Config, ConfigError, loadConfig, loadConfigOrExit } from "./load-config.ts";
export type { MetricsConfig, MetricsEndpointConfig } from "./metrics-config.ts";
export type { MonitoringConfig } from "./monitoring-config.ts";
export type { NotificationsConfig } from "./notifications-config.ts";
export type { OperatorAlertsConfig } from "./operator-alerts-config.ts";
export type { RouteRateLimitsConfig } from "./route-rate-limits-config.ts";
