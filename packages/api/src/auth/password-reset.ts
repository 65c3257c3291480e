import { InvalidInputError } from "@pingpilot/domain";
import { passwordResetEmail } from "@pingpilot/notifications";
import type { RequestContext } from "../service-context.ts";
import { assertAccountActive } from "./account-status.ts";
import { limitAuthAttempt } from "./auth-rate-limits.ts";
import { randomSecret, sha256Hex } from "./secret-token.ts";
import { recordSecurityEvent } from "./security-events.ts";
import { revokeSessions } from "./sessions.ts";

/**
 * Emails a single-use reset link when the address belongs to an active account. The caller gets the same
 * answer either way, and the email is sent after the answer, so neither content nor timing tells whether
 * the account exists.
 */
export async function requestPasswordReset(ctx: RequestContext, email: string): Promise<void> {
  await limitAuthAttempt(ctx, "passwordReset", { ip: ctx.request.ip, account: email });
  const user = await ctx.db.models.User.findOne({ email }, { email: 1, disabledAt: 1, deletingAt: 1 }).lean();
  if (!user || user.disabledAt || user.deletingAt) return;

  const token = randomSecret();
  const now = ctx.clock.now();
  const ttlSeconds = ctx.config.auth.passwordResetTtlSeconds;
  await ctx.db.models.PasswordReset.create({
    _id: sha256Hex(token),
    userId: user._id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
  });
  const link = `${ctx.config.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
  const message = passwordResetEmail({ to: user.email, link, expiresInMinutes: Math.round(ttlSeconds / 60) });
  ctx.services.email.send(message).catch((error: unknown) => {
    ctx.logger.error({ err: error, userId: user._id.toHexString() }, "password reset email failed");
  });
}

/**
 * Sets a new password with a reset token. The token is claimed by deleting it: a single-document delete
 * is atomic on MongoDB and FerretDB alike (a conditional `findOneAndUpdate` is not atomic on FerretDB
 * 1.x), so the token works exactly once even when two requests race. Afterwards every session of the
 * user ends and the user's other outstanding reset tokens are deleted too.
 */
export async function confirmPasswordReset(ctx: RequestContext, token: string, newPassword: string): Promise<void> {
  const { PasswordReset, User } = ctx.db.models;
  const now = ctx.clock.now();
  const invalid = new InvalidInputError("This reset link is invalid, used or expired; ask for a new one", "token");
  const hash = sha256Hex(token);
  const reset = await PasswordReset.findOne({ _id: hash, expiresAt: { $gt: now } }).lean();
  if (!reset) throw invalid;
  const claimed = await PasswordReset.deleteOne({ _id: hash });
  if (claimed.deletedCount !== 1) throw invalid;
  const user = await User.findById(reset.userId, { disabledAt: 1, deletingAt: 1 }).lean();
  assertAccountActive(user);

  const passwordHash = await ctx.services.passwords.hash(newPassword);
  await User.updateOne({ _id: reset.userId }, { $set: { passwordHash, passwordChangedAt: now, updatedAt: now } });
  await revokeSessions(ctx, { userId: reset.userId }, "password_reset");
  await PasswordReset.deleteMany({ userId: reset.userId });
  await recordSecurityEvent(ctx, { type: "password_reset", userId: reset.userId });
}
