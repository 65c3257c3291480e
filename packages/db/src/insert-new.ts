import type { mongo } from "mongoose";
import { duplicateKeyIndexes } from "./duplicate-key-error.ts";

/**
 * Inserts documents whose `_id` says what they are (a claim, a delivery, a report), skipping those
 * that exist already, and returns the ones this call inserted: of any number of processes inserting
 * the same `_id` at once exactly one gets it back. One unordered `insertMany`, so a lost document
 * does not stop the others; any error but a duplicate key is thrown.
 */
export async function insertNew<T extends mongo.Document & { _id: unknown }>(
  collection: mongo.Collection<T>,
  docs: readonly T[],
): Promise<T[]> {
  if (docs.length === 0) return [];
  try {
    // Every document carries its `_id`, which is what the driver's optional-id type cannot see in a generic T.
    await collection.insertMany(docs as unknown as mongo.OptionalUnlessRequiredId<T>[], { ordered: false });
    return [...docs];
  } catch (error) {
    const lost = duplicateKeyIndexes(error, docs.length);
    if (!lost) throw error;
    return docs.filter((_, index) => !lost.has(index));
  }
}
