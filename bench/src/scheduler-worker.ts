/**
 * One scheduler instance for the benchmark: the real check loop (claims, engine, batched writes)
 * without cron jobs. Records when each check starts against its due time and reports, on SIGTERM,
 * every (monitor, due time) it started, the start lags, its CPU time and peak RSS, to the parent.
 */
import { loadConfig } from "@pingpilot/config";
import { bulkWriteInChunks, connectDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import type { RecordOutcomes } from "@pingpilot/monitoring";
import { startScheduler } from "@pingpilot/scheduler";

const config = loadConfig(process.env);
const logger = createLogger({ level: "warn", pretty: false, name: "bench-scheduler" });
const db = await connectDatabase(
  { uri: config.database.uri ?? "", poolSize: config.database.poolSize, serverSelectionTimeoutMs: 30_000 },
  logger,
);

/**
 * BENCH_WRITES=schedule-only: instead of recording outcomes (results, summaries, state), only move
 * each monitor to its next due time and release its lease — the least a scheduler must write. The
 * difference to a full run shows how much of the cost is the database writes.
 */
const scheduleOnly: RecordOutcomes = async (items) => {
  await bulkWriteInChunks(
    db.models.Monitor,
    items.map((item) => ({
      updateOne: {
        filter: { _id: item.monitor._id },
        update: {
          $set: {
            // Every check stays up here, so never a confirmation re-check: the on-schedule due time.
            nextDueAt: item.schedule?.nextDueAt?.onSchedule,
            lease: { owner: null, expiresAt: new Date(0) },
          },
        },
      },
    })),
    { ordered: true },
  );
  return [];
};

const starts: string[] = [];
const lags: number[] = [];
const cpuAtStart = process.cpuUsage();
const startedAt = performance.now();
const scheduler = startScheduler({
  config,
  db,
  logger,
  clock: systemClock,
  jobs: [],
  ...(process.env.BENCH_WRITES === "schedule-only" ? { recordOutcomes: scheduleOnly } : {}),
  onCheckStarted(monitor, lagMs) {
    starts.push(`${String(monitor._id)}@${monitor.nextDueAt.getTime()}`);
    lags.push(lagMs);
  },
});

process.once("SIGTERM", async () => {
  await scheduler.stop(15_000);
  const cpu = process.cpuUsage(cpuAtStart);
  const report = {
    instance: config.scheduler.instanceId,
    starts,
    lags,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: (performance.now() - startedAt) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(report, () => {
    void db.close().then(() => process.exit(0));
  });
});
process.send?.({ ready: true });
