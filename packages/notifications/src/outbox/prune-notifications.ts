import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";

const batchSize = 1_000;
const claimRetentionMs = 86_400_000;

async function deleteInBatches(
  find: () => Promise<Array<{ _id: string }>>,
  remove: (ids: string[]) => Promise<{ deletedCount: number }>,
  signal?: AbortSignal,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    if (signal?.aborted) return deleted;
    const ids = (await find()).map((doc) => doc._id);
    if (ids.length === 0) return deleted;
    deleted += (await remove(ids)).deletedCount;
    if (ids.length < batchSize) return deleted;
  }
}

/**
 * Deletes finished deliveries (sent, failed, grouped, suppressed) older than the retention, and
 * delivery claims a day past their expiry. Pending and held deliveries are never deleted.
 */
export async function pruneNotifications(
  db: Database,
  clock: Clock,
  retentionDays: number,
  signal?: AbortSignal,
): Promise<{ deliveries: number; claims: number }> {
  const now = clock.now().getTime();
  const deliveryCutoff = new Date(now - retentionDays * 86_400_000);
  const { NotificationDelivery, NotificationClaim } = db.models;
  const deliveries = await deleteInBatches(
    () =>
      NotificationDelivery.find(
        { createdAt: { $lt: deliveryCutoff }, status: { $in: ["sent", "failed", "grouped", "suppressed"] } },
        { _id: 1 },
      )
        .limit(batchSize)
        .lean(),
    (ids) => NotificationDelivery.deleteMany({ _id: { $in: ids } }),
    signal,
  );
  const claimCutoff = new Date(now - claimRetentionMs);
  const claims = await deleteInBatches(
    () =>
      NotificationClaim.find({ expiresAt: { $lt: claimCutoff } }, { _id: 1 })
        .limit(batchSize)
        .lean(),
    (ids) => NotificationClaim.deleteMany({ _id: { $in: ids } }),
    signal,
  );
  return { deliveries, claims };
}
