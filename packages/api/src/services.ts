import { type AddressPolicy, createAddressPolicy } from "@pingpilot/checks";
import { type EmailSender, emailSenderFromConfig } from "@pingpilot/notifications";
import { type AccessTokens, createAccessTokens } from "./auth/access-tokens.ts";
import { createDeviceTokens, type DeviceTokens } from "./auth/device-tokens.ts";
import { createPasswordHasher, type PasswordHasher } from "./auth/password-hasher.ts";
import type { ApiDependencies } from "./dependencies.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";

/** Stateful helpers built once per process from the dependencies. */
export interface ApiServices {
  passwords: PasswordHasher;
  accessTokens: AccessTokens;
  deviceTokens: DeviceTokens;
  rateLimiter: RateLimiter;
  email: EmailSender;
  /** The SSRF rules monitors are saved under (MONITOR_ADDRESS_ALLOWLIST). */
  addressPolicy: AddressPolicy;
}

export function createApiServices(deps: ApiDependencies): ApiServices {
  const { config } = deps;
  return {
    passwords: createPasswordHasher(config.auth.argon2),
    accessTokens: createAccessTokens(config.auth.jwt, deps.clock),
    deviceTokens: createDeviceTokens(config.auth.jwt, config.auth.device, deps.clock),
    rateLimiter: createRateLimiter(deps.db, deps.clock),
    email: emailSenderFromConfig(config.email, deps.logger),
    addressPolicy: createAddressPolicy({ allow: config.monitoring.addressAllowList }),
  };
}
