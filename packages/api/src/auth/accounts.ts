import { isDuplicateKeyError, purgeUser, Types } from "@pingpilot/db";
import { ConflictError, ForbiddenError, UnauthorizedError } from "@pingpilot/domain";
import type { RequestContext } from "../service-context.ts";
import { limitAuthAttempt } from "./auth-rate-limits.ts";
import { readDeviceCookie } from "./device-cookie.ts";
import {
  assertLoginAllowed,
  deviceScopes,
  type FailureScope,
  reauthScopes,
  recordLoginFailure,
  untrustedScopes,
} from "./login-throttle.ts";
import { recordSecurityEvent } from "./security-events.ts";
import { type IssuedTokens, revokeSessions, startSession } from "./sessions.ts";

/** A successful sign-in: the session's tokens and a fresh device token for the client. */
export interface SignedIn {
  tokens: IssuedTokens;
  device: { token: string; expiresAt: Date };
}

async function signIn(ctx: RequestContext, userId: Types.ObjectId): Promise<SignedIn> {
  const tokens = await startSession(ctx, userId);
  return { tokens, device: await ctx.services.deviceTokens.sign(userId.toHexString()) };
}

const invalidCredentials = "Invalid email or password";

export async function register(
  ctx: RequestContext,
  input: { email: string; password: string; name?: string | undefined; timezone: string },
): Promise<SignedIn> {
  await limitAuthAttempt(ctx, "register", { ip: ctx.request.ip, account: input.email });
  const { User } = ctx.db.models;
  const taken = new ConflictError("An account with this email already exists");
  if (await User.exists({ email: input.email })) throw taken;
  const passwordHash = await ctx.services.passwords.hash(input.password);
  const now = ctx.clock.now();
  let userId: Types.ObjectId;
  try {
    const user = await User.create({
      email: input.email,
      passwordHash,
      name: input.name ?? null,
      timezone: input.timezone,
      role: "user",
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    userId = user._id;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw taken;
    throw error;
  }
  return signIn(ctx, userId);
}

/**
 * Which failure counters an attempt goes to (see login-throttle.ts): a valid device token of this very
 * account makes the client trusted, counted under its token only; anything else (none, forged,
 * expired, another account's) is an untrusted client, also held to the per-IP limit.
 */
async function scopesOfAttempt(
  ctx: RequestContext,
  input: { email: string; deviceToken?: string | undefined },
  userId: string | undefined,
): Promise<FailureScope[]> {
  const presented = input.deviceToken ?? readDeviceCookie(ctx);
  const device = presented === undefined ? undefined : await ctx.services.deviceTokens.verify(presented);
  if (device && userId !== undefined && device.userId === userId) return deviceScopes(ctx, device.deviceId);
  await limitAuthAttempt(ctx, "login", { ip: ctx.request.ip });
  return untrustedScopes(ctx, input.email, ctx.request.ip);
}

/**
 * Unknown email, wrong password and an account being deleted all get the same error after the same
 * argon2 work (a dummy hash stands in for a missing user), and count as failures alike. Only someone
 * who knows the right password learns that an account is disabled.
 */
export async function login(
  ctx: RequestContext,
  input: { email: string; password: string; deviceToken?: string | undefined },
): Promise<SignedIn> {
  const { User } = ctx.db.models;
  const user = await User.findOne({ email: input.email }).lean();
  const scopes = await scopesOfAttempt(ctx, input, user?._id.toHexString());
  await assertLoginAllowed(ctx, scopes);
  if (!user) {
    await ctx.services.passwords.verifyAgainstDummy(input.password);
    await recordLoginFailure(ctx, scopes);
    throw new UnauthorizedError(invalidCredentials);
  }
  const check = await ctx.services.passwords.verify(user.passwordHash, input.password);
  if (!check.valid || user.deletingAt) {
    await recordLoginFailure(ctx, scopes);
    throw new UnauthorizedError(invalidCredentials);
  }
  if (user.disabledAt) throw new ForbiddenError("This account is disabled");
  if (check.needsRehash) {
    const passwordHash = await ctx.services.passwords.hash(input.password);
    // Only if the hash is still the one we verified: a concurrent password change wins.
    await User.updateOne({ _id: user._id, passwordHash: user.passwordHash }, { $set: { passwordHash } });
    ctx.logger.info({ userId: user._id.toHexString() }, "password rehashed with the current argon2 parameters");
  }
  return signIn(ctx, user._id);
}

/**
 * Checks the caller's own password (for sensitive changes). Wrong ones are counted per user, apart from
 * login failures: strangers failing to log in must not stop the owner from changing the password.
 */
async function verifyOwnPassword(ctx: RequestContext, userId: string, password: string) {
  const user = await ctx.db.models.User.findById(userId).lean();
  if (!user) throw new UnauthorizedError();
  const scopes = reauthScopes(ctx, userId);
  await assertLoginAllowed(ctx, scopes);
  const check = await ctx.services.passwords.verify(user.passwordHash, password);
  if (!check.valid) {
    await recordLoginFailure(ctx, scopes);
    throw new UnauthorizedError("The password is not correct");
  }
  return user;
}

/** Needs the current password; ends every other session of the user (this one stays signed in). */
export async function changePassword(
  ctx: RequestContext,
  auth: { userId: string; sessionId?: string | undefined },
  input: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsEnded: number }> {
  await verifyOwnPassword(ctx, auth.userId, input.currentPassword);
  const passwordHash = await ctx.services.passwords.hash(input.newPassword);
  const now = ctx.clock.now();
  await ctx.db.models.User.updateOne(
    { _id: auth.userId },
    { $set: { passwordHash, passwordChangedAt: now, updatedAt: now } },
  );
  const ended = await revokeSessions(
    ctx,
    auth.sessionId ? { userId: auth.userId, exceptSessionId: auth.sessionId } : { userId: auth.userId },
    "password_changed",
  );
  await recordSecurityEvent(ctx, {
    type: "password_changed",
    userId: auth.userId,
    ...(auth.sessionId ? { sessionId: auth.sessionId } : {}),
  });
  return { otherSessionsEnded: ended };
}

/**
 * Deletes the account and everything it owns. Marking `deletingAt` first locks the user out at once
 * and makes the deletion resumable: if this process dies during the purge, the scheduler's
 * purge-deleted-users job finishes it.
 */
export async function deleteAccount(ctx: RequestContext, userId: string, password: string): Promise<void> {
  await verifyOwnPassword(ctx, userId, password);
  const id = new Types.ObjectId(userId);
  await ctx.db.models.User.updateOne({ _id: id, deletingAt: null }, { $set: { deletingAt: ctx.clock.now() } });
  const result = await purgeUser(ctx.db, id);
  ctx.logger.info({ userId, deleted: result.deleted }, "account deleted");
}
