import { createHmac, randomUUID } from "node:crypto";
import type { AuthConfig } from "@pingpilot/config";
import type { Clock } from "@pingpilot/domain";
import { type JWTHeaderParameters, jwtVerify, SignJWT } from "jose";

const algorithm = "HS256";
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
  const keys = new Map(config.keys.map((key) => [key.kid, derive(key.secret)]));
  const signingKey = config.keys[0];
  if (!signingKey) throw new Error("at least one JWT signing key is required");
  const signingSecret = derive(signingKey.secret);

  function keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : keys.get(header.kid);
    if (!key) throw new Error("unknown device token key");
    return key;
  }

  return {
    async sign(userId) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      const expiresAt = issuedAt + device.ttlSeconds;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: algorithm, kid: signingKey.kid, typ: tokenType })
        .setIssuer(config.issuer)
        .setAudience(audience)
        .setSubject(userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(randomUUID())
        .sign(signingSecret);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms: [algorithm],
          issuer: config.issuer,
          audience,
          typ: tokenType,
          currentDate: clock.now(),
          requiredClaims: ["sub", "exp", "iat", "jti"],
        });
        if (typeof payload.sub !== "string" || typeof payload.jti !== "string") return undefined;
        return { userId: payload.sub, deviceId: payload.jti };
      } catch {
        return undefined;
      }
    },
  };
}
