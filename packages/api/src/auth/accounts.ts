import { purgeUser, Types } from "@pingpilot/db";
import { ConflictError, ForbiddenError, UnauthorizedError } from "@pingpilot/domain";
import type { Context } from "../context.ts";
import { limitAuthAttempt } from "./auth-rate-limits.ts";
import { recordSecurityEvent } from "./security-events.ts";
import { type IssuedTokens, revokeSessions, startSession } from "./sessions.ts";

const invalidCredentials = "Invalid email or password";

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

export async function register(
  ctx: Context,
  input: { email: string; password: string; name?: string | undefined; timezone: string },
): Promise<IssuedTokens> {
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
    if (isDuplicateKey(error)) throw taken;
    throw error;
  }
  return startSession(ctx, userId);
}

/**
 * Unknown email, wrong password and an account being deleted all get the same error after the same
 * argon2 work (a dummy hash stands in for a missing user). Only someone who knows the right password
 * learns that an account is disabled.
 */
export async function login(ctx: Context, input: { email: string; password: string }): Promise<IssuedTokens> {
  await limitAuthAttempt(ctx, "login", { ip: ctx.request.ip, account: input.email });
  const { User } = ctx.db.models;
  const user = await User.findOne({ email: input.email }).lean();
  if (!user) {
    await ctx.services.passwords.verifyAgainstDummy(input.password);
    throw new UnauthorizedError(invalidCredentials);
  }
  const check = await ctx.services.passwords.verify(user.passwordHash, input.password);
  if (!check.valid || user.deletingAt) throw new UnauthorizedError(invalidCredentials);
  if (user.disabledAt) throw new ForbiddenError("This account is disabled");
  if (check.needsRehash) {
    const passwordHash = await ctx.services.passwords.hash(input.password);
    // Only if the hash is still the one we verified: a concurrent password change wins.
    await User.updateOne({ _id: user._id, passwordHash: user.passwordHash }, { $set: { passwordHash } });
    ctx.logger.info({ userId: user._id.toHexString() }, "password rehashed with the current argon2 parameters");
  }
  return startSession(ctx, user._id);
}

/** Checks the caller's own password (for sensitive changes); counted like login attempts. */
async function verifyOwnPassword(ctx: Context, userId: string, password: string) {
  const user = await ctx.db.models.User.findById(userId).lean();
  if (!user) throw new UnauthorizedError();
  await limitAuthAttempt(ctx, "login", { ip: ctx.request.ip, account: user.email });
  const check = await ctx.services.passwords.verify(user.passwordHash, password);
  if (!check.valid) throw new UnauthorizedError("The password is not correct");
  return user;
}

/** Needs the current password; ends every other session of the user (this one stays signed in). */
export async function changePassword(
  ctx: Context,
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
export async function deleteAccount(ctx: Context, userId: string, password: string): Promise<void> {
  await verifyOwnPassword(ctx, userId, password);
  const id = new Types.ObjectId(userId);
  await ctx.db.models.User.updateOne({ _id: id, deletingAt: null }, { $set: { deletingAt: ctx.clock.now() } });
  const result = await purgeUser(ctx.db, id);
  ctx.logger.info({ userId, deleted: result.deleted }, "account deleted");
}
