import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";

const cacheMs = 5 * 60_000;

/**
 * Owners' time zones (daily summaries are per day in the owner's zone), looked up in batches and
 * cached for a few minutes: a changed zone applies to days written after the cache refreshes.
 */
export function userTimezones(db: Database, clock: Clock) {
  const cache = new Map<string, { timezone: string; fetchedAt: number }>();
  return async function timezonesOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const now = clock.now().getTime();
    const missing = [...new Set(userIds)].filter((id) => {
      const hit = cache.get(id);
      return !hit || now - hit.fetchedAt > cacheMs;
    });
    if (missing.length > 0) {
      const users = await db.models.User.find({ _id: { $in: missing } }, { timezone: 1 }).lean();
      for (const id of missing) cache.set(id, { timezone: "UTC", fetchedAt: now });
      for (const user of users) cache.set(String(user._id), { timezone: user.timezone ?? "UTC", fetchedAt: now });
    }
    return new Map(userIds.map((id) => [id, cache.get(id)?.timezone ?? "UTC"]));
  };
}

export type TimezonesOf = ReturnType<typeof userTimezones>;
