import { type AuthEnv, devJwtKey, type JwtKey } from "./auth-env.ts";

export interface RateLimitPair {
  perIp: number;
  perAccount: number;
}

/**
 * Wrong passwords, counted per window: per (account, IP) and per account for clients without a device
 * token, per device token for clients that signed in before (OWASP "device cookies"). Each failure past
 * `freeFailures` in a scope makes that scope wait `firstDelaySeconds`, doubling with every further one.
 */
export interface LoginLimits extends RateLimitPair {
  perAccountIp: number;
  perDevice: number;
  freeFailures: number;
  firstDelaySeconds: number;
}

export interface AuthConfig {
  jwt: {
    /** The first key signs; all of them verify (key rotation). */
    keys: JwtKey[];
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
  };
  refresh: {
    /** A session unused this long expires (each refresh pushes it out again). */
    idleTtlSeconds: number;
    /** No session outlives this, however often it is refreshed. */
    absoluteTtlSeconds: number;
    /** `Secure` cookie flag: on in production and whenever PUBLIC_URL is https. */
    cookieSecure: boolean;
  };
  /** Device tokens: proof that a client signed in to an account before (see docs/auth.md). */
  device: { ttlSeconds: number };
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  passwordResetTtlSeconds: number;
  rateLimits: {
    windowSeconds: number;
    login: LoginLimits;
    register: RateLimitPair;
    refresh: RateLimitPair;
    passwordReset: RateLimitPair;
  };
}

export interface EmailConfig {
  /** Without it, emails are logged instead of sent. */
  resendApiKey: string | undefined;
  /** Another Resend-compatible endpoint (tests point it at a local server). */
  resendBaseUrl: string | undefined;
  from: string;
  /**
   * Without an API key, whether the whole email is logged (outside production, so links can be
   * followed) or only that one was not sent (production: emails carry secrets such as reset links).
   */
  logContent: boolean;
}

const daySeconds = 86_400;

export function authConfigFrom(e: AuthEnv): AuthConfig {
  return {
    jwt: {
      keys: e.AUTH_JWT_KEYS ?? [devJwtKey],
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
      accessTokenTtlSeconds: e.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    },
    refresh: {
      idleTtlSeconds: e.AUTH_REFRESH_IDLE_DAYS * daySeconds,
      absoluteTtlSeconds: e.AUTH_REFRESH_ABSOLUTE_DAYS * daySeconds,
      cookieSecure: e.NODE_ENV === "production" || e.PUBLIC_URL.startsWith("https:"),
    },
    device: { ttlSeconds: e.AUTH_DEVICE_TOKEN_DAYS * daySeconds },
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM },
    passwordResetTtlSeconds: 3_600,
    rateLimits: {
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      login: {
        perIp: e.RATE_LIMIT_LOGIN_PER_IP,
        perAccount: e.RATE_LIMIT_LOGIN_PER_ACCOUNT,
        perAccountIp: e.RATE_LIMIT_LOGIN_PER_ACCOUNT_IP,
        perDevice: e.RATE_LIMIT_LOGIN_PER_DEVICE,
        freeFailures: e.RATE_LIMIT_LOGIN_FREE_FAILURES,
        firstDelaySeconds: e.RATE_LIMIT_LOGIN_DELAY_SECONDS,
      },
      register: { perIp: e.RATE_LIMIT_REGISTER_PER_IP, perAccount: e.RATE_LIMIT_REGISTER_PER_ACCOUNT },
      refresh: { perIp: e.RATE_LIMIT_REFRESH_PER_IP, perAccount: e.RATE_LIMIT_REFRESH_PER_ACCOUNT },
      passwordReset: { perIp: e.RATE_LIMIT_PASSWORD_RESET_PER_IP, perAccount: e.RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT },
    },
  };
}

export function emailConfigFrom(e: AuthEnv): EmailConfig {
  return {
    resendApiKey: e.RESEND_API_KEY,
    resendBaseUrl: e.RESEND_BASE_URL,
    from: e.EMAIL_FROM,
    logContent: e.NODE_ENV !== "production",
  };
}
