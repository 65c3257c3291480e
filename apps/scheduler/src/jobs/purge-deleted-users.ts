import { purgeUser } from "@pingpilot/db";
import type { JobDefinition } from "../job.ts";

const batchSize = 50;

/**
 * Finishes account deletions that were interrupted (the API process died between marking the user
 * `deletingAt` and deleting the user document). `purgeUser` is idempotent, so running it again on a
 * half-deleted user, or at the same moment as the API, is harmless.
 */
export const purgeDeletedUsers: JobDefinition = {
  name: "purge-deleted-users",
  schedule: "*/5 * * * *",
  timeoutMs: 10 * 60_000,
  async run({ db, logger, signal }) {
    let purged = 0;
    let documents = 0;
    let lastId: unknown = null;
    while (!signal.aborted) {
      const filter: Record<string, unknown> = { deletingAt: { $ne: null } };
      if (lastId) filter._id = { $gt: lastId };
      const users = await db.models.User.find(filter, { _id: 1 }).sort({ _id: 1 }).limit(batchSize).lean();
      for (const user of users) {
        if (signal.aborted) break;
        const result = await purgeUser(db, user._id);
        documents += Object.values(result.deleted).reduce((sum, count) => sum + count, 0);
        if (result.userDeleted) purged += 1;
        logger.info(
          { userId: user._id.toHexString(), deleted: result.deleted },
          "finished an interrupted account deletion",
        );
        lastId = user._id;
      }
      if (users.length < batchSize) break;
    }
    return { purged, documents };
  },
};
