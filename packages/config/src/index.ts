export { type Env, envSchema } from "./env-schema.ts";
export { type Config, ConfigError, loadConfig, loadConfigOrExit } from "./load-config.ts";
