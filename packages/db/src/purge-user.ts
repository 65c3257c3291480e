import { type Connection, type Model, Types } from "mongoose";
import type { Database } from "./connect-database.ts";

export interface PurgeResult {
  /** Documents deleted per model name (only models that had some). */
  deleted: Record<string, number>;
  /** Whether the user document itself was deleted by this call. */
  userDeleted: boolean;
}

/**
 * Every model on the connection whose documents belong to a user, found by convention: a top-level
 * `userId` path. Models added later (monitors, results, incidents, channels, ...) are covered without
 * touching the purge.
 */
export function userOwnedModels(connection: Connection): Model<unknown>[] {
  return Object.values(connection.models).filter((model) => model.schema.path("userId") !== undefined);
}

/**
 * Deletes everything a user owns, then the user. Without transactions a crash can stop it anywhere, so
 * it is built to be re-run: the user must already carry `deletingAt` (which locks them out), owned data
 * goes first and the user document last, and every step is a no-op the second time. The scheduler's
 * purge-deleted-users job re-runs it for users left in the deleting state.
 */
export async function purgeUser(db: Database, userId: string | Types.ObjectId): Promise<PurgeResult> {
  const id = typeof userId === "string" ? new Types.ObjectId(userId) : userId;
  const user = await db.models.User.findById(id, { deletingAt: 1 }).lean();
  if (user && !user.deletingAt) {
    throw new Error(`refusing to purge user ${id.toHexString()}: not marked for deletion`);
  }
  const deleted: Record<string, number> = {};
  for (const model of userOwnedModels(db.connection)) {
    const result = await model.deleteMany({ userId: id });
    if (result.deletedCount > 0) deleted[model.modelName] = result.deletedCount;
  }
  const removed = await db.models.User.deleteOne({ _id: id, deletingAt: { $ne: null } });
  return { deleted, userDeleted: removed.deletedCount === 1 };
}
