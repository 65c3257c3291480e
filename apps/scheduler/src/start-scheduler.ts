import { createAddressPolicy, runCheck } from "@pingpilot/checks";
import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { CheckConfig, Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { Metrics } from "@pingpilot/metrics";
import { createOutcomeRecorder, type RecordOutcomes } from "@pingpilot/monitoring";
import type { OperatorAlerts } from "@pingpilot/notifications";
import type { JobDefinition } from "./job.ts";
import { allJobs } from "./jobs/index.ts";
import { type CheckLoopOptions, createCheckLoop } from "./monitor-checks/check-loop.ts";
import { createJobRunner } from "./runner.ts";
import { startGaugeSampler } from "./sample-gauges.ts";

export interface SchedulerDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  jobs?: JobDefinition[];
  /** Replaces the outcome recorder (benchmarks measure the loop with cheaper writes). */
  recordOutcomes?: RecordOutcomes;
  /** Job-run series (the check series are fed through the observers below). */
  metrics?: Metrics;
  /** Observers of the check loop (metrics, benchmarks). */
  onCheckStarted?: CheckLoopOptions["onCheckStarted"];
  onCheckFinished?: CheckLoopOptions["onCheckFinished"];
  /** How often the lease, due-monitor and outbox-backlog gauges are counted (15 s by default). */
  gaugeIntervalMs?: number;
  /** The operator's alert channel: jobs failing repeatedly are reported there. */
  alerts?: OperatorAlerts;
}

/** Everything one scheduler process runs: the cron jobs and the monitor check loop. */
export function startScheduler(deps: SchedulerDependencies) {
  const { config, db, logger, clock } = deps;
  const instanceId = config.scheduler.instanceId;
  // One recorder per process (it caches time zones and known summary days), for the check loop and jobs.
  const recordOutcomes = deps.recordOutcomes ?? createOutcomeRecorder({ db, clock });
  const runner = createJobRunner({
    config,
    db,
    logger,
    clock,
    instanceId,
    metrics: deps.metrics,
    alerts: deps.alerts,
    recordOutcomes,
  });
  const jobs = deps.jobs ?? allJobs;
  for (const job of jobs) runner.schedule(job);

  const addressPolicy = createAddressPolicy({ allow: config.monitoring.addressAllowList });
  const checkLoop = createCheckLoop({
    db,
    clock,
    logger,
    owner: instanceId,
    runCheck: (monitor, signal) => runCheck(monitor.config as CheckConfig, { signal, addressPolicy, clock }),
    recordOutcomes,
    concurrency: config.monitoring.concurrency,
    tickMs: config.monitoring.tickMs,
    batchSize: config.monitoring.batchSize,
    flushMs: config.monitoring.flushMs,
    leaseMarginMs: config.monitoring.leaseMarginMs,
    ...(deps.onCheckStarted ? { onCheckStarted: deps.onCheckStarted } : {}),
    ...(deps.onCheckFinished ? { onCheckFinished: deps.onCheckFinished } : {}),
  });
  checkLoop.start();
  const gauges = deps.metrics
    ? startGaugeSampler({
        db,
        clock,
        logger,
        metrics: deps.metrics,
        owner: instanceId,
        intervalMs: deps.gaugeIntervalMs ?? 15_000,
      })
    : undefined;
  logger.info({ instance: instanceId, jobs: jobs.length }, "scheduler started");

  return {
    runner,
    checkLoop,
    /** Stops claiming and scheduling, waits for running checks and jobs up to `timeoutMs`, writes what was measured. */
    async stop(timeoutMs: number): Promise<void> {
      await Promise.all([checkLoop.stop(timeoutMs), runner.stop(timeoutMs), gauges?.stop()]);
    },
  };
}

export type RunningScheduler = ReturnType<typeof startScheduler>;
