import { isDuplicateKeyError, Types } from "@pingpilot/db";
import { UnauthorizedError } from "@pingpilot/domain";
import type { RequestContext } from "../service-context.ts";
import { assertAccountActive } from "./account-status.ts";
import { limitAuthAttempt } from "./auth-rate-limits.ts";
import { randomSecret, sha256Hex } from "./secret-token.ts";
import { recordSecurityEvent } from "./security-events.ts";

export interface IssuedTokens {
  userId: string;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  sessionExpiresAt: Date;
}

export type RevokeReason =
  | "logout"
  | "logout_all"
  | "revoked"
  | "refresh_token_reuse"
  | "password_reset"
  | "password_changed"
  | "user_disabled";

const invalidRefreshToken = "Invalid or expired refresh token";

function clientOf(ctx: RequestContext) {
  return { ip: ctx.request.ip, userAgent: ctx.request.userAgent?.slice(0, 512) ?? null };
}

/**
 * Stores a new refresh token (its hash only) as generation `generation` of a session and returns it.
 * Throws a duplicate-key error when that generation already exists (someone rotated first).
 */
async function issueRefreshToken(
  ctx: RequestContext,
  session: { _id: Types.ObjectId; userId: Types.ObjectId; absoluteExpiresAt: Date },
  generation: number,
) {
  const refreshToken = randomSecret();
  await ctx.db.models.RefreshToken.create({
    _id: sha256Hex(refreshToken),
    sessionId: session._id,
    userId: session.userId,
    generation,
    createdAt: ctx.clock.now(),
    expiresAt: session.absoluteExpiresAt,
  });
  return refreshToken;
}

/** A login: a new session (token family), its first refresh token and an access token. */
export async function startSession(ctx: RequestContext, userId: Types.ObjectId): Promise<IssuedTokens> {
  const now = ctx.clock.now();
  const { idleTtlSeconds, absoluteTtlSeconds } = ctx.config.auth.refresh;
  const absoluteExpiresAt = new Date(now.getTime() + absoluteTtlSeconds * 1000);
  const expiresAt = new Date(Math.min(now.getTime() + idleTtlSeconds * 1000, absoluteExpiresAt.getTime()));
  const session = await ctx.db.models.Session.create({
    userId,
    createdAt: now,
    lastUsedAt: now,
    expiresAt,
    absoluteExpiresAt,
    ...clientOf(ctx),
  });
  const refreshToken = await issueRefreshToken(ctx, session, 0);
  const access = await ctx.services.accessTokens.sign({
    userId: userId.toHexString(),
    sessionId: session._id.toHexString(),
  });
  return {
    userId: userId.toHexString(),
    sessionId: session._id.toHexString(),
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken,
    sessionExpiresAt: expiresAt,
  };
}

/** Ends sessions (and with them every refresh token of their families). Returns how many ended. */
export async function revokeSessions(
  ctx: RequestContext,
  filter: { userId: string | Types.ObjectId; sessionId?: string | Types.ObjectId; exceptSessionId?: string },
  reason: RevokeReason,
): Promise<number> {
  const query: Record<string, unknown> = { userId: filter.userId, revokedAt: null };
  if (filter.sessionId !== undefined) query._id = filter.sessionId;
  else if (filter.exceptSessionId !== undefined) query._id = { $ne: new Types.ObjectId(filter.exceptSessionId) };
  const result = await ctx.db.models.Session.updateMany(query, {
    $set: { revokedAt: ctx.clock.now(), revokedReason: reason },
  });
  return result.modifiedCount;
}

/** A rotated token came back: someone holds a copy. End the whole family and say so. */
async function handleReuse(ctx: RequestContext, token: { userId: Types.ObjectId; sessionId: Types.ObjectId }) {
  await revokeSessions(ctx, { userId: token.userId, sessionId: token.sessionId }, "refresh_token_reuse");
  await recordSecurityEvent(ctx, { type: "refresh_token_reuse", userId: token.userId, sessionId: token.sessionId });
  return new UnauthorizedError("This refresh token was already used; the session has been ended for safety");
}

/**
 * Exchanges a refresh token for a new one and a new access token. The swap is claimed by inserting the
 * successor under the unique (session, generation + 1) key: a single-document insert against a unique
 * index is atomic on MongoDB and on FerretDB alike (FerretDB 1.x does not make a conditional
 * `findOneAndUpdate` atomic), so of two concurrent refreshes with one token only one can win; the other
 * has presented a token that was just rotated and, like any reuse, ends the session.
 */
export async function refreshSession(ctx: RequestContext, refreshToken: string): Promise<IssuedTokens> {
  const { RefreshToken, Session, User } = ctx.db.models;
  const hash = sha256Hex(refreshToken);
  const now = ctx.clock.now();
  const token = await RefreshToken.findById(hash).lean();
  if (!token) throw new UnauthorizedError(invalidRefreshToken);
  if (token.rotatedAt) throw await handleReuse(ctx, token);
  await limitAuthAttempt(ctx, "refresh", { account: token.userId.toHexString() });

  const [session, user] = await Promise.all([
    Session.findById(token.sessionId).lean(),
    User.findById(token.userId, { disabledAt: 1, deletingAt: 1 }).lean(),
  ]);
  assertAccountActive(user);
  if (!session || session.revokedAt || session.expiresAt <= now || session.absoluteExpiresAt <= now) {
    throw new UnauthorizedError(invalidRefreshToken);
  }

  let successor: string;
  try {
    successor = await issueRefreshToken(ctx, session, token.generation + 1);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw await handleReuse(ctx, token);
    throw error;
  }

  const { idleTtlSeconds } = ctx.config.auth.refresh;
  const expiresAt = new Date(Math.min(now.getTime() + idleTtlSeconds * 1000, session.absoluteExpiresAt.getTime()));
  const [access] = await Promise.all([
    ctx.services.accessTokens.sign({ userId: token.userId.toHexString(), sessionId: session._id.toHexString() }),
    RefreshToken.updateOne({ _id: hash }, { $set: { rotatedAt: now } }),
    Session.updateOne({ _id: session._id }, { $set: { lastUsedAt: now, expiresAt, ...clientOf(ctx) } }),
  ]);
  return {
    userId: token.userId.toHexString(),
    sessionId: session._id.toHexString(),
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: successor,
    sessionExpiresAt: expiresAt,
  };
}

/** The session a (not yet rotated) refresh token belongs to, for logout; undefined otherwise. */
export async function sessionOfRefreshToken(ctx: RequestContext, refreshToken: string) {
  const token = await ctx.db.models.RefreshToken.findById(sha256Hex(refreshToken)).lean();
  if (!token || token.rotatedAt) return undefined;
  return { sessionId: token.sessionId, userId: token.userId };
}
