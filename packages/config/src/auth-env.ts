import { z } from "zod";
import { type EnvOf, type NodeEnv, positiveInt } from "./env-fields.ts";

export interface JwtKey {
  /** Key id, written into each token's `kid` header so verification finds the right key. */
  kid: string;
  /** HMAC secret (its UTF-8 bytes are the key); at least 32 characters. */
  secret: string;
}

/**
 * The development/test signing key. Never accepted in production (the schema refuses it), so a copied
 * `.env` cannot ship a publicly known key.
 */
export const devJwtKey: JwtKey = { kid: "dev", secret: "pingpilot-development-signing-key-do-not-use-in-production" };

const kidPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * `AUTH_JWT_KEYS=kid1:secret1,kid2:secret2`: the first key signs, every key verifies, so a new key can be
 * put first while tokens signed with the previous one stay valid until they expire.
 */
const jwtKeyList = z.string().transform((value, ctx): JwtKey[] => {
  const keys: JwtKey[] = [];
  let invalid = false;
  const problem = (message: string) => {
    invalid = true;
    ctx.addIssue({ code: "custom", message });
  };
  for (const entry of value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(":");
    const kid = colon > 0 ? entry.slice(0, colon) : "";
    const secret = colon > 0 ? entry.slice(colon + 1) : "";
    if (!kidPattern.test(kid)) {
      problem("each key must look like kid:secret (kid: letters, digits, . _ -)");
    } else if (secret.length < 32) {
      problem(`the secret of key "${kid}" must be at least 32 characters`);
    } else if (keys.some((key) => key.kid === kid)) {
      problem(`key id "${kid}" appears twice`);
    } else {
      keys.push({ kid, secret });
    }
  }
  if (keys.length === 0 && !invalid) problem("needs at least one kid:secret");
  return keys;
});

/** Every authentication, email and abuse-limit variable; spread into the environment schema. */
export const authEnvShape = {
  APP_URL: z.url().default("http://localhost:3001"),

  AUTH_JWT_KEYS: jwtKeyList.optional(),
  AUTH_JWT_ISSUER: z.string().min(1).default("pingpilot"),
  AUTH_JWT_AUDIENCE: z.string().min(1).default("pingpilot-api"),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: positiveInt.min(30).max(3_600).default(900),
  AUTH_REFRESH_IDLE_DAYS: positiveInt.max(365).default(14),
  AUTH_REFRESH_ABSOLUTE_DAYS: positiveInt.max(3_650).default(60),
  AUTH_DEVICE_TOKEN_DAYS: positiveInt.max(3_650).default(365),

  // Minimums are OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane): config can only go stronger.
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19_456).max(4_194_304).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(2).max(50).default(2),
  ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),

  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().min(3).default("Ping Pilot <no-reply@pingpilot.localhost>"),

  RATE_LIMIT_WINDOW_SECONDS: positiveInt.max(86_400).default(900),
  RATE_LIMIT_LOGIN_PER_IP: positiveInt.default(30),
  RATE_LIMIT_LOGIN_PER_ACCOUNT: positiveInt.default(10),
  RATE_LIMIT_LOGIN_PER_ACCOUNT_IP: positiveInt.default(5),
  RATE_LIMIT_LOGIN_PER_DEVICE: positiveInt.default(10),
  RATE_LIMIT_LOGIN_FREE_FAILURES: z.coerce.number().int().min(0).default(3),
  RATE_LIMIT_LOGIN_DELAY_SECONDS: positiveInt.max(3_600).default(2),
  RATE_LIMIT_REGISTER_PER_IP: positiveInt.default(10),
  RATE_LIMIT_REGISTER_PER_ACCOUNT: positiveInt.default(5),
  RATE_LIMIT_REFRESH_PER_IP: positiveInt.default(300),
  RATE_LIMIT_REFRESH_PER_ACCOUNT: positiveInt.default(120),
  RATE_LIMIT_PASSWORD_RESET_PER_IP: positiveInt.default(10),
  RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: positiveInt.default(3),
};

/** The parsed auth variables, and the shared ones the auth settings depend on. */
export type AuthEnv = EnvOf<typeof authEnvShape> & { NODE_ENV: NodeEnv; PUBLIC_URL: string };

/** Production must bring its own signing keys: the built-in development key is public. */
export function jwtKeysValidForEnvironment(env: Pick<AuthEnv, "NODE_ENV" | "AUTH_JWT_KEYS">): boolean {
  if (env.NODE_ENV !== "production") return true;
  return env.AUTH_JWT_KEYS !== undefined && !env.AUTH_JWT_KEYS.some((key) => key.secret === devJwtKey.secret);
}
