/**
 * Update statements per bulk write command. FerretDB 1.24 on PostgreSQL deadlocks in its connection
 * pool on update commands of more than about 50 statements (measured: 40 fine, 60 hangs until the
 * socket timeout); MongoDB takes any size. Chunks of 25 cost MongoDB a few extra round trips per batch.
 */
export const BULK_CHUNK_SIZE = 25;

interface BulkWritable<Op> {
  bulkWrite(ops: Op[], options: { ordered: boolean }): Promise<unknown>;
}

/**
 * `bulkWrite` in chunks of at most {@link BULK_CHUNK_SIZE} operations, one after another. An error
 * that `ignore` accepts (e.g. duplicate keys of idempotent upserts) does not stop later chunks.
 */
export async function bulkWriteInChunks<Op>(
  target: BulkWritable<Op>,
  ops: readonly Op[],
  options: { ordered: boolean; ignore?: (error: unknown) => boolean },
): Promise<void> {
  for (let start = 0; start < ops.length; start += BULK_CHUNK_SIZE) {
    try {
      await target.bulkWrite(ops.slice(start, start + BULK_CHUNK_SIZE), { ordered: options.ordered });
    } catch (error) {
      if (!options.ignore?.(error)) throw error;
    }
  }
}
