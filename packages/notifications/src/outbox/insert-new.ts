import type { mongo } from "mongoose";

function duplicateIndexes(error: unknown): Set<number> | undefined {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : undefined;
  if (!list) return (error as { code?: number }).code === 11000 ? new Set([0]) : undefined;
  const failed = list as Array<{ index: number; code?: number; err?: { code?: number } }>;
  if (failed.some((entry) => (entry.code ?? entry.err?.code) !== 11000)) return undefined;
  return new Set(failed.map((entry) => entry.index));
}

/**
 * Inserts documents whose `_id` says what they are, skipping those that exist already: re-running the
 * same step (after a crash, or on two instances at once) stores each document once. Returns the ones
 * this call inserted.
 */
export async function insertNew<T extends { _id: string }>(collection: mongo.Collection<T>, docs: T[]): Promise<T[]> {
  if (docs.length === 0) return [];
  try {
    await collection.insertMany(docs as unknown as Parameters<typeof collection.insertMany>[0], { ordered: false });
    return docs;
  } catch (error) {
    const lost = duplicateIndexes(error);
    if (!lost) throw error;
    return docs.filter((_, index) => !lost.has(index));
  }
}
