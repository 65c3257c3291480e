/**
 * One scheduler instance for the benchmark: the real check loop (claims, engine, batched writes)
 * without cron jobs. Records when each check starts against its due time and reports, on SIGTERM,
 * every (monitor, due time) it started, the start lags, its CPU time and peak RSS, to the parent.
 */
import { loadConfig } from "@pingpilot/config";
import { connectDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { startScheduler } from "@pingpilot/scheduler";

const config = loadConfig(process.env);
const logger = createLogger({ level: "warn", pretty: false, name: "bench-scheduler" });
const db = await connectDatabase(
  { uri: config.database.uri ?? "", poolSize: config.database.poolSize, serverSelectionTimeoutMs: 30_000 },
  logger,
);
const starts = [];
const lags = [];
const cpuAtStart = process.cpuUsage();
const startedAt = performance.now();
const scheduler = startScheduler({
  config,
  db,
  logger,
  clock: systemClock,
  jobs: [],
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
