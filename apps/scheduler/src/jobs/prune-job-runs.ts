import type { JobDefinition } from "../job.ts";
import { deleteInBatches } from "./delete-in-batches.ts";

const dayMs = 86_400_000;

/** Deletes job-run records older than JOB_RUN_RETENTION_DAYS, in bounded batches. */
export const pruneJobRuns: JobDefinition = {
  name: "prune-job-runs",
  schedule: "17 3 * * *",
  timeoutMs: 10 * 60_000,
  async run({ config, db, clock, signal }) {
    const cutoff = new Date(clock.now().getTime() - config.scheduler.jobRunRetentionDays * dayMs);
    const deleted = await deleteInBatches(db.models.JobRun.collection, { startedAt: { $lt: cutoff } }, { signal });
    return { deleted };
  },
};
