import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

/**
 * A lock document per job name with an owner and an expiry. Taking it is one atomic upsert:
 * it matches only when the lock is free (expired) or already ours; when another owner holds it
 * the upsert collides on `_id` and we back off.
 */
export function jobLocks(db: Database, clock: Clock, owner: string) {
  const { JobLock } = db.models;
  return {
    async acquire(name: string, ttlMs: number): Promise<boolean> {
      const now = clock.now();
      try {
        await JobLock.findOneAndUpdate(
          { _id: name, $or: [{ expiresAt: { $lte: now } }, { owner }] },
          { $set: { owner, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    /** Pushes the expiry out while a long job is still working; false when the lock was lost. */
    async extend(name: string, ttlMs: number): Promise<boolean> {
      const now = clock.now();
      const result = await JobLock.updateOne(
        { _id: name, owner },
        { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
      );
      return result.matchedCount === 1;
    },
    async release(name: string): Promise<void> {
      await JobLock.deleteOne({ _id: name, owner });
    },
  };
}

export type JobLocks = ReturnType<typeof jobLocks>;
