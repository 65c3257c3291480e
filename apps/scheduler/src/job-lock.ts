import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

/**
 * A lock document per job name (`_id`) with an owner and an expiry. Taking a free lock is an
 * insert, which the unique `_id` makes exclusive on any server. An expired lock is removed by
 * deleting exactly that holder's document (owner + acquiredAt) before inserting ours, so two
 * instances racing for it cannot both win: at most one insert succeeds. This does not rely on
 * conditional updates being atomic across connections, which FerretDB 1.x does not guarantee.
 */
export function jobLocks(db: Database, clock: Clock, owner: string) {
  const { JobLock } = db.models;

  async function insert(name: string, ttlMs: number): Promise<boolean> {
    const now = clock.now();
    try {
      await JobLock.create({ _id: name, owner, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  return {
    async acquire(name: string, ttlMs: number): Promise<boolean> {
      if (await insert(name, ttlMs)) return true;
      const holder = await JobLock.findById(name).lean();
      if (holder && holder.expiresAt.getTime() > clock.now().getTime()) return false;
      if (holder) await JobLock.deleteOne({ _id: name, owner: holder.owner, acquiredAt: holder.acquiredAt });
      return insert(name, ttlMs);
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
