import { randomUUID } from "node:crypto";
import type { AuthConfig } from "@pingpilot/config";
import { type Clock, UnauthorizedError } from "@pingpilot/domain";
import { type JWTHeaderParameters, jwtVerify, SignJWT } from "jose";

/** The one algorithm we sign with and the only one verification accepts (never `none`, never RS/ES). */
const algorithm = "HS256";

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
  const keys = new Map(config.keys.map((key) => [key.kid, encoder.encode(key.secret)]));
  const signingKey = config.keys[0];
  if (!signingKey) throw new Error("at least one JWT signing key is required");
  const signingSecret = encoder.encode(signingKey.secret);

  function keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : keys.get(header.kid);
    if (!key) throw new UnauthorizedError("Unknown access token key");
    return key;
  }

  return {
    async sign({ userId, sessionId }) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      const expiresAt = issuedAt + config.accessTokenTtlSeconds;
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: algorithm, kid: signingKey.kid, typ: "JWT" })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
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
          audience: config.audience,
          typ: "JWT",
          currentDate: clock.now(),
          requiredClaims: ["sub", "exp", "iat", "jti", "sid"],
        });
        if (typeof payload.sub !== "string" || typeof payload.sid !== "string") throw new Error("bad claims");
        return { userId: payload.sub, sessionId: payload.sid };
      } catch {
        throw new UnauthorizedError("Invalid or expired access token");
      }
    },
  };
}
