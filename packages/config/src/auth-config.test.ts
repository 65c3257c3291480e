import { describe, expect, it } from "vitest";
import { devJwtKey } from "./auth-env.ts";
import { ConfigError, loadConfig } from "./load-config.ts";

const production = { NODE_ENV: "production", MONGODB_URI: "mongodb://db.internal/pingpilot" };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join("\n");
    throw error;
  }
  return "";
}

describe("auth configuration", () => {
  it("uses OWASP argon2id parameters, 15-minute access tokens and the development key by default", () => {
    const config = loadConfig({});
    expect(config.auth.argon2).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(config.auth.jwt.accessTokenTtlSeconds).toBe(900);
    expect(config.auth.jwt.keys).toEqual([devJwtKey]);
    expect(config.auth.refresh.cookieSecure).toBe(false);
    expect(config.auth.passwordResetTtlSeconds).toBe(3_600);
  });

  it("refuses production without signing keys, and with the public development key", () => {
    expect(problemsOf(production)).toMatch(/AUTH_JWT_KEYS: is required when NODE_ENV=production/);
    expect(problemsOf({ ...production, AUTH_JWT_KEYS: `dev:${devJwtKey.secret}` })).toMatch(/AUTH_JWT_KEYS/);
    const config = loadConfig({ ...production, AUTH_JWT_KEYS: `k2:${"b".repeat(40)},k1:${"a".repeat(40)}` });
    expect(config.auth.jwt.keys.map((key) => key.kid)).toEqual(["k2", "k1"]);
    expect(config.auth.refresh.cookieSecure).toBe(true);
  });

  it("names malformed, short and duplicate signing keys", () => {
    expect(problemsOf({ AUTH_JWT_KEYS: "no-colon-here" })).toMatch(/kid:secret/);
    expect(problemsOf({ AUTH_JWT_KEYS: "k1:short" })).toMatch(/at least 32 characters/);
    expect(problemsOf({ AUTH_JWT_KEYS: `k1:${"a".repeat(32)},k1:${"b".repeat(32)}` })).toMatch(/appears twice/);
  });

  it("never accepts argon2 parameters weaker than OWASP's minimum", () => {
    const problems = problemsOf({ ARGON2_MEMORY_KIB: "4096", ARGON2_TIME_COST: "1" });
    expect(problems).toMatch(/ARGON2_MEMORY_KIB/);
    expect(problems).toMatch(/ARGON2_TIME_COST/);
  });

  it("logs unsent emails in full outside production only (production emails carry reset links)", () => {
    expect(loadConfig({}).email.logContent).toBe(true);
    expect(loadConfig({ NODE_ENV: "test" }).email.logContent).toBe(true);
    const productionKeys = { ...production, AUTH_JWT_KEYS: `k1:${"a".repeat(40)}` };
    expect(loadConfig(productionKeys).email.logContent).toBe(false);
  });

  it("slows logins per (account, IP), account and device token by default, and names bad login-limit values", () => {
    const config = loadConfig({});
    expect(config.auth.rateLimits.login).toEqual({
      perIp: 30,
      perAccount: 10,
      perAccountIp: 5,
      perDevice: 10,
      freeFailures: 3,
      firstDelaySeconds: 2,
    });
    expect(config.auth.device.ttlSeconds).toBe(365 * 86_400);
    const problems = problemsOf({ RATE_LIMIT_LOGIN_PER_DEVICE: "0", RATE_LIMIT_LOGIN_DELAY_SECONDS: "soon" });
    expect(problems).toMatch(/RATE_LIMIT_LOGIN_PER_DEVICE/);
    expect(problems).toMatch(/RATE_LIMIT_LOGIN_DELAY_SECONDS/);
  });

  it("marks the refresh cookie Secure when the public URL is https", () => {
    const config = loadConfig({ PUBLIC_URL: "https://api.example.com", APP_URL: "https://app.example.com/" });
    expect(config.auth.refresh.cookieSecure).toBe(true);
    expect(config.appUrl).toBe("https://app.example.com");
  });
});
