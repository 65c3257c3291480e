import type { mongo } from "mongoose";

export interface BatchOptions {
  signal: AbortSignal;
  batchSize?: number;
  /** Pause between batches so a large delete never monopolises the database. */
  pauseMs?: number;
}

/**
 * Deletes every document matching `filter`, a bounded batch at a time (find ids, delete those ids),
 * stopping early when aborted. Returns how many were deleted.
 */
export async function deleteInBatches(
  collection: mongo.Collection,
  filter: mongo.Filter<mongo.Document>,
  { signal, batchSize = 1_000, pauseMs = 10 }: BatchOptions,
): Promise<number> {
  let deleted = 0;
  while (!signal.aborted) {
    const batch = await collection
      .find(filter, { projection: { _id: 1 } })
      .limit(batchSize)
      .toArray();
    if (batch.length === 0) break;
    const result = await collection.deleteMany({ _id: { $in: batch.map((doc) => doc._id) } });
    deleted += result.deletedCount;
    if (batch.length < batchSize) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return deleted;
}
