import { createHmac } from "node:crypto";
import type { AuthConfig } from "@pingpilot/config";
import type { Clock } from "@pingpilot/domain";
import { createSignedJwt } from "./signed-jwt.ts";

const tokenType = "pp-device+jwt";
const audience = "pingpilot-device";

export interface DeviceToken {
  /** The account this client signed in to. */
  userId: string;
  /** The token's own id (`jti`): failures of this client are counted under it. */
  deviceId: string;
}

export interface DeviceTokens {
  sign(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid device token; undefined for anything else (forged, expired, malformed). */
  verify(token: string): Promise<DeviceToken | undefined>;
}

/**
 * Device tokens (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a signed JWT
 * `{ sub: userId, jti }` handed to a client after each successful sign-in. They are signed with a key
 * derived from each access-token key (HMAC of the secret with a fixed label), so the same rotation
 * applies and neither kind of token can ever pass for the other, even with a matching `kid`.
 */
export function createDeviceTokens(
  config: AuthConfig["jwt"],
  device: AuthConfig["device"],
  clock: Clock,
): DeviceTokens {
  const derive = (secret: string) => createHmac("sha256", secret).update("pingpilot device token v1").digest();
  const jwt = createSignedJwt({
    keys: config.keys.map((key) => ({ kid: key.kid, secret: derive(key.secret) })),
    issuer: config.issuer,
    audience,
    type: tokenType,
    ttlSeconds: device.ttlSeconds,
    clock,
  });
  return {
    sign: (userId) => jwt.sign(userId),
    async verify(token) {
      try {
        const payload = await jwt.verify(token);
        return { userId: payload.sub, deviceId: payload.jti };
      } catch {
        return undefined;
      }
    },
  };
}
