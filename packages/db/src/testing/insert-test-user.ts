import { Types } from "mongoose";
import type { Database } from "../connect-database.ts";

/**
 * A user document as the accounts code stores it, for tests that need an owner but not a login;
 * `deletingAt` marks an account whose deletion has begun.
 */
export async function insertTestUser(
  db: Database,
  options: { timezone?: string; at?: Date; deletingAt?: Date | null } = {},
): Promise<Types.ObjectId> {
  const now = options.at ?? new Date();
  const user = await db.models.User.create({
    email: `${new Types.ObjectId().toString()}@example.test`,
    passwordHash: "not-a-real-hash",
    timezone: options.timezone ?? "UTC",
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
    ...(options.deletingAt !== undefined ? { deletingAt: options.deletingAt } : {}),
  });
  return user._id;
}
