import type { JobDefinition } from "../job.ts";
import { deleteInBatches } from "./delete-in-batches.ts";

const dayMs = 86_400_000;
/** Ended sessions stay listed in the database this long for audits, then go. */
const endedSessionRetentionMs = 30 * dayMs;

/**
 * Deletes authentication records that can no longer matter: rate-limit counters of past windows,
 * refresh tokens past their session's absolute end, expired reset tokens, and sessions that ended
 * (revoked or expired) more than 30 days ago.
 */
export const pruneAuthRecords: JobDefinition = {
  name: "prune-auth-records",
  schedule: "23 * * * *",
  timeoutMs: 10 * 60_000,
  async run({ db, clock, signal }) {
    const now = clock.now();
    const endedBefore = new Date(now.getTime() - endedSessionRetentionMs);
    const { RateLimit, RefreshToken, PasswordReset, Session } = db.models;
    const rateLimits = await deleteInBatches(RateLimit.collection, { expiresAt: { $lte: now } }, { signal });
    const refreshTokens = await deleteInBatches(RefreshToken.collection, { expiresAt: { $lte: now } }, { signal });
    const passwordResets = await deleteInBatches(PasswordReset.collection, { expiresAt: { $lte: now } }, { signal });
    const sessions = await deleteInBatches(
      Session.collection,
      { $or: [{ expiresAt: { $lte: endedBefore } }, { revokedAt: { $ne: null, $lte: endedBefore } }] },
      { signal },
    );
    return { rateLimits, refreshTokens, passwordResets, sessions };
  },
};
