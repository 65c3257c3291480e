import { randomUUID } from "node:crypto";
import type { Clock } from "@pingpilot/domain";
import { type JWTHeaderParameters, type JWTPayload, jwtVerify, SignJWT } from "jose";

/** The one algorithm we sign with and the only one verification accepts (never `none`, never RS/ES). */
const algorithm = "HS256";

export interface SignedJwtOptions {
  /** Keys by `kid`: the first signs, every one verifies (rotation). */
  keys: ReadonlyArray<{ kid: string; secret: Uint8Array }>;
  issuer: string;
  audience: string;
  /** The `typ` header, which tells one kind of token from another. */
  type: string;
  ttlSeconds: number;
  /** Claims verification insists on besides `sub`, `exp`, `iat` and `jti`. */
  requiredClaims?: readonly string[];
  clock: Clock;
}

export interface SignedJwt {
  sign(subject: string, claims?: JWTPayload): Promise<{ token: string; expiresAt: Date }>;
  /** The payload of a valid token; throws for anything else (forged, expired, another kind, unknown key). */
  verify(token: string): Promise<JWTPayload & { sub: string; jti: string }>;
}

/** One kind of HS256 token with `kid`, `iss`, `aud`, `sub`, `iat`, `exp` and `jti`: access and device tokens. */
export function createSignedJwt(options: SignedJwtOptions): SignedJwt {
  const { clock } = options;
  const keys = new Map(options.keys.map((key) => [key.kid, key.secret]));
  const signingKey = options.keys[0];
  if (!signingKey) throw new Error("at least one JWT signing key is required");
  const requiredClaims = ["sub", "exp", "iat", "jti", ...(options.requiredClaims ?? [])];

  function keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : keys.get(header.kid);
    if (!key) throw new Error("unknown token key");
    return key;
  }

  return {
    async sign(subject, claims = {}) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      const expiresAt = issuedAt + options.ttlSeconds;
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: algorithm, kid: signingKey.kid, typ: options.type })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(randomUUID())
        .sign(signingKey.secret);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, keyFor, {
        algorithms: [algorithm],
        issuer: options.issuer,
        audience: options.audience,
        typ: options.type,
        currentDate: clock.now(),
        requiredClaims,
      });
      if (typeof payload.sub !== "string" || typeof payload.jti !== "string") throw new Error("bad claims");
      return { ...payload, sub: payload.sub, jti: payload.jti };
    },
  };
}
