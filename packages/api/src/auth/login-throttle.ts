import { isDuplicateKeyError } from "@pingpilot/db";
import { RateLimitedError } from "@pingpilot/domain";
import type { RateLimitRule } from "../rate-limit.ts";
import type { ServiceContext } from "../service-context.ts";
import { sha256Hex } from "./secret-token.ts";

/** One counter of wrong passwords: a client of an account from one IP, an account, a device token, a user. */
export interface FailureScope {
  rule: RateLimitRule;
  subject: string;
}

function failureRule(ctx: ServiceContext, name: string, limit: number): RateLimitRule {
  return { name: `login-failures:${name}`, limit, windowSeconds: ctx.config.auth.rateLimits.windowSeconds };
}

/**
 * Where a client without a valid device token for the account is counted: per (account, IP), which
 * bites first and only slows that address, and per account, which stops every untrusted client of the
 * account at once (a botnet's many addresses) but never a trusted device.
 */
export function untrustedScopes(ctx: ServiceContext, email: string, ip: string): FailureScope[] {
  const { perAccountIp, perAccount } = ctx.config.auth.rateLimits.login;
  return [
    { rule: failureRule(ctx, "account-ip", perAccountIp), subject: `${email}\n${ip}` },
    { rule: failureRule(ctx, "account", perAccount), subject: email },
  ];
}

/** A client holding a valid device token for the account is counted under that token only. */
export function deviceScopes(ctx: ServiceContext, deviceId: string): FailureScope[] {
  return [{ rule: failureRule(ctx, "device", ctx.config.auth.rateLimits.login.perDevice), subject: deviceId }];
}

/** A signed-in user confirming their password (change password, delete account): apart from logins. */
export function reauthScopes(ctx: ServiceContext, userId: string): FailureScope[] {
  return [{ rule: failureRule(ctx, "reauth", ctx.config.auth.rateLimits.login.perAccount), subject: userId }];
}

/** A scope's wait after its last failure: a `rate_limits` document whose `expiresAt` is the wait's end. */
function waitIdOf(scope: FailureScope): string {
  return `login-wait:${scope.rule.name}:${sha256Hex(scope.subject).slice(0, 32)}`;
}

/**
 * Refuses with TOO_MANY_REQUESTS (and the seconds to wait) while any scope has used up its failures for
 * the window, or is still waiting after its last failure. Checked before the password, so a refused
 * attempt learns nothing and costs no argon2 work.
 */
export async function assertLoginAllowed(ctx: ServiceContext, scopes: FailureScope[]): Promise<void> {
  const now = ctx.clock.now().getTime();
  const [counts, waits] = await Promise.all([
    Promise.all(scopes.map((scope) => ctx.services.rateLimiter.peek(scope.rule, scope.subject))),
    ctx.db.models.RateLimit.find({ _id: { $in: scopes.map(waitIdOf) } }, { expiresAt: 1 }).lean(),
  ]);
  let until = now;
  scopes.forEach((scope, index) => {
    const counted = counts[index];
    if (counted && counted.count >= scope.rule.limit) until = Math.max(until, counted.windowEndsAt.getTime());
  });
  for (const wait of waits) until = Math.max(until, wait.expiresAt.getTime());
  if (until > now) throw new RateLimitedError(Math.max(1, Math.ceil((until - now) / 1000)));
}

/**
 * Counts a wrong password in every scope. Past `freeFailures` in the window, the scope must wait before
 * its next attempt: `firstDelaySeconds`, doubled by each further failure, never longer than the window.
 */
export async function recordLoginFailure(ctx: ServiceContext, scopes: FailureScope[]): Promise<void> {
  const { freeFailures, firstDelaySeconds } = ctx.config.auth.rateLimits.login;
  const now = ctx.clock.now().getTime();
  const { RateLimit } = ctx.db.models;
  await Promise.all(
    scopes.map(async (scope) => {
      const { count } = await ctx.services.rateLimiter.hit(scope.rule, scope.subject);
      const beyond = count - freeFailures;
      if (beyond <= 0) return;
      const delaySeconds = Math.min(firstDelaySeconds * 2 ** (beyond - 1), scope.rule.windowSeconds);
      const wait = { $max: { expiresAt: new Date(now + delaySeconds * 1000) }, $setOnInsert: { count } };
      try {
        await RateLimit.updateOne({ _id: waitIdOf(scope) }, wait, { upsert: true });
      } catch (error) {
        // Two failures racing to create the wait: the loser extends the one that now exists.
        if (!isDuplicateKeyError(error)) throw error;
        await RateLimit.updateOne({ _id: waitIdOf(scope) }, { $max: wait.$max });
      }
    }),
  );
}
