import { UnauthorizedError } from "@pingpilot/domain";
import type { AuthContext } from "../context.ts";
import type { RequestContext } from "../service-context.ts";
import { assertAccountActive } from "./account-status.ts";
import { parseApiKey } from "./api-key-format.ts";
import { digestsEqual, sha256Hex } from "./secret-token.ts";

/** `lastUsedAt` of an API key is written at most this often, not on every request. */
const lastUsedResolutionMs = 60_000;

function headerOf(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.request.headers[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Who is calling, from `Authorization: Bearer <access token>` or `x-api-key`. The user (and, for tokens,
 * the session) is read on every request, both by `_id`, in parallel: disabling a user, deleting an
 * account, logging out or revoking a session takes effect on the very next request instead of when the
 * access token expires. Throws UNAUTHORIZED (or FORBIDDEN for disabled users) instead of returning nothing.
 */
export async function authenticate(ctx: RequestContext): Promise<AuthContext> {
  const authorization = headerOf(ctx, "authorization");
  if (authorization !== undefined) return authenticateAccessToken(ctx, authorization);
  const apiKey = headerOf(ctx, "x-api-key");
  if (apiKey !== undefined) return authenticateApiKey(ctx, apiKey);
  throw new UnauthorizedError();
}

async function authenticateAccessToken(ctx: RequestContext, authorization: string): Promise<AuthContext> {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  if (!match?.[1]) throw new UnauthorizedError("Authorization must be: Bearer <access token>");
  const claims = await ctx.services.accessTokens.verify(match[1]);
  const [user, session] = await Promise.all([
    ctx.db.models.User.findById(claims.userId, { role: 1, disabledAt: 1, deletingAt: 1 }).lean(),
    ctx.db.models.Session.findById(claims.sessionId, { userId: 1, revokedAt: 1 }).lean(),
  ]);
  assertAccountActive(user);
  if (!session || session.revokedAt || session.userId.toHexString() !== claims.userId) {
    throw new UnauthorizedError("This session has ended; log in again");
  }
  return {
    userId: claims.userId,
    role: user.role as AuthContext["role"],
    via: "token",
    scope: "full",
    sessionId: claims.sessionId,
  };
}

async function authenticateApiKey(ctx: RequestContext, value: string): Promise<AuthContext> {
  const parsed = parseApiKey(value);
  if (!parsed) throw new UnauthorizedError("Invalid API key");
  const { ApiKey, User } = ctx.db.models;
  const key = await ApiKey.findById(parsed.id).lean();
  if (!key || key.revokedAt || !digestsEqual(key.secretHash, sha256Hex(parsed.secret))) {
    throw new UnauthorizedError("Invalid API key");
  }
  const user = await User.findById(key.userId, { role: 1, disabledAt: 1, deletingAt: 1 }).lean();
  assertAccountActive(user);

  const now = ctx.clock.now();
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  if (!key.lastUsedAt || key.lastUsedAt <= staleBefore) {
    await ApiKey.updateOne(
      { _id: key._id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lte: staleBefore } }] },
      { $set: { lastUsedAt: now } },
    );
  }
  return {
    userId: key.userId.toHexString(),
    role: user.role as AuthContext["role"],
    via: "apiKey",
    scope: key.scope as AuthContext["scope"],
  };
}
