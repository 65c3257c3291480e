import type { RateLimitRule } from "../rate-limit.ts";
import type { ServiceContext } from "../service-context.ts";

export type AuthAction = "login" | "register" | "refresh" | "passwordReset";

/**
 * Counts one attempt of `action` for the client IP and/or the account (an email or user id), refusing with
 * TOO_MANY_REQUESTS once either is over its configured limit for the window.
 */
export async function limitAuthAttempt(
  ctx: ServiceContext,
  action: AuthAction,
  subjects: { ip?: string; account?: string },
): Promise<void> {
  const limits = ctx.config.auth.rateLimits;
  const rule = (scope: "ip" | "account"): RateLimitRule => ({
    name: `${action}:${scope}`,
    limit: scope === "ip" ? limits[action].perIp : limits[action].perAccount,
    windowSeconds: limits.windowSeconds,
  });
  if (subjects.ip !== undefined) await ctx.services.rateLimiter.consume(rule("ip"), subjects.ip);
  if (subjects.account !== undefined) await ctx.services.rateLimiter.consume(rule("account"), subjects.account);
}
