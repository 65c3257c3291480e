import { dayKey } from "@pingpilot/domain";
import type { JobDefinition } from "../job.ts";
import { deleteInBatches } from "./delete-in-batches.ts";

const dayMs = 86_400_000;

/**
 * Deletes what has aged out, in bounded batches: raw check results after RESULT_RETENTION_DAYS,
 * daily summaries after SUMMARY_RETENTION_DAYS, delivered events with the results, and monitor
 * claims a day after they expired. This runs on every server; on MongoDB a TTL index on results
 * is added as well (see enableResultTtl), never instead.
 */
export const dataRetention: JobDefinition = {
  name: "data-retention",
  schedule: "23 * * * *",
  timeoutMs: 30 * 60_000,
  async run({ config, db, clock, signal }) {
    const now = clock.now().getTime();
    const { resultRetentionDays, summaryRetentionDays } = config.monitoring;
    const resultCutoff = new Date(now - resultRetentionDays * dayMs);
    const options = { signal };
    const results = await deleteInBatches(
      db.models.CheckResult.collection,
      { checkedAt: { $lt: resultCutoff } },
      options,
    );
    const summaries = await deleteInBatches(
      db.models.DailySummary.collection,
      { day: { $lt: dayKey(new Date(now - summaryRetentionDays * dayMs), "UTC") } },
      options,
    );
    const events = await deleteInBatches(
      db.models.MonitorEvent.collection,
      { dispatchedAt: { $lt: resultCutoff } },
      options,
    );
    const claims = await deleteInBatches(
      db.models.MonitorClaim.collection,
      { expiresAt: { $lt: new Date(now - dayMs) } },
      options,
    );
    return { results, summaries, events, claims };
  },
};
