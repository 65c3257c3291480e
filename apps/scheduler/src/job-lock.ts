import { type Database, isDuplicateKeyError } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";

/**
 * Named locks with an owner and an expiry, one document per generation (`<name>:<generation>`).
 * Acquiring reads the newest generation; when it is free (expired or released) it inserts the next
 * one, and the unique `_id` lets exactly one of any number of racing instances succeed. An instance
 * only ever updates its own generation's document, so no step depends on conditional updates being
 * atomic across connections (they are not on FerretDB 1.x).
 */
export function jobLocks(db: Database, clock: Clock, owner: string) {
  const { JobLock } = db.models;
  const held = new Map<string, string>();

  return {
    async acquire(name: string, ttlMs: number): Promise<boolean> {
      const now = clock.now();
      const latest = await JobLock.findOne({ name }).sort({ generation: -1 }).lean();
      if (latest && latest.expiresAt.getTime() > now.getTime()) return false;
      const generation = latest ? latest.generation + 1 : 0;
      const id = `${name}:${generation}`;
      try {
        await JobLock.create({
          _id: id,
          name,
          generation,
          owner,
          acquiredAt: now,
          expiresAt: new Date(now.getTime() + ttlMs),
        });
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
      held.set(name, id);
      // Older generations are history now; keep the collection small.
      await JobLock.deleteMany({ name, generation: { $lt: generation } });
      return true;
    },
    /** Pushes the expiry out while a long job is still working; false when this instance does not hold it. */
    async extend(name: string, ttlMs: number): Promise<boolean> {
      const id = held.get(name);
      if (!id) return false;
      const latest = await JobLock.findOne({ name }).sort({ generation: -1 }).lean();
      if (latest?._id !== id) {
        held.delete(name);
        return false;
      }
      await JobLock.updateOne({ _id: id }, { $set: { expiresAt: new Date(clock.now().getTime() + ttlMs) } });
      return true;
    },
    /** Frees the lock at once by expiring this instance's generation. */
    async release(name: string): Promise<void> {
      const id = held.get(name);
      if (!id) return;
      held.delete(name);
      await JobLock.updateOne({ _id: id }, { $set: { expiresAt: clock.now() } });
    },
    /** Whether the lock is taken right now (by anyone). */
    async isHeld(name: string): Promise<boolean> {
      const latest = await JobLock.findOne({ name }).sort({ generation: -1 }).lean();
      return latest !== null && latest.expiresAt.getTime() > clock.now().getTime();
    },
  };
}

export type JobLocks = ReturnType<typeof jobLocks>;
