/**
 * Update statements per bulk write command. FerretDB 1.24 on PostgreSQL takes a pool connection per
 * statement and deadlocks its pool when the statements of the commands in flight outnumber it
 * (measured: one command of 40 fine, of 60 hangs until the socket timeout; concurrent commands of 25
 * hang with a 30-connection pool). MongoDB takes any size; chunks of 10 cost it a few more round trips.
 */
export const BULK_CHUNK_SIZE = 10;

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
