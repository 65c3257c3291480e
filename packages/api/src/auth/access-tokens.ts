import type { AuthConfig } from "@pingpilot/config";
import { type Clock, UnauthorizedError } from "@pingpilot/domain";
import { createSignedJwt } from "./signed-jwt.ts";

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

export interface AccessTokens {
  sign(claims: AccessTokenClaims): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid token; throws {@link UnauthorizedError} for anything else. */
  verify(token: string): Promise<AccessTokenClaims>;
}

/**
 * Short-lived JWTs (HS256) with `kid`, `iss`, `aud`, `sub`, `sid` (session), `iat`, `exp`, `jti`.
 * The first configured key signs; every configured key verifies, found by `kid`.
 */
export function createAccessTokens(config: AuthConfig["jwt"], clock: Clock): AccessTokens {
  const encoder = new TextEncoder();
  const jwt = createSignedJwt({
    keys: config.keys.map((key) => ({ kid: key.kid, secret: encoder.encode(key.secret) })),
    issuer: config.issuer,
    audience: config.audience,
    type: "JWT",
    ttlSeconds: config.accessTokenTtlSeconds,
    requiredClaims: ["sid"],
    clock,
  });
  return {
    sign: ({ userId, sessionId }) => jwt.sign(userId, { sid: sessionId }),
    async verify(token) {
      try {
        const payload = await jwt.verify(token);
        if (typeof payload.sid !== "string") throw new Error("bad claims");
        return { userId: payload.sub, sessionId: payload.sid };
      } catch {
        throw new UnauthorizedError("Invalid or expired access token");
      }
    },
  };
}
