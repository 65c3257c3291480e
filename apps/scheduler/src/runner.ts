import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { Metrics } from "@pingpilot/metrics";
import { createOutcomeRecorder, type RecordOutcomes } from "@pingpilot/monitoring";
import type { OperatorAlerts } from "@pingpilot/notifications";
import schedule from "node-schedule";
import type { JobCounts, JobDefinition } from "./job.ts";
import { jobLocks } from "./job-lock.ts";

export interface RunnerDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  /** Unique per scheduler process; owner of the locks it takes. */
  instanceId: string;
  /** Job runs by status and their durations go here when present. */
  metrics?: Metrics | undefined;
  /** Told when a job has failed OPERATOR_ALERT_JOB_FAILURES runs in a row (on any instance). */
  alerts?: OperatorAlerts | undefined;
  /** The outcome recorder jobs get; one of the runner's own when absent (tests). */
  recordOutcomes?: RecordOutcomes | undefined;
}

export type RunOutcome =
  | { status: "succeeded"; counts: JobCounts }
  | { status: "failed"; error: string }
  | { status: "skipped"; reason: "locked" | "stopping" };

/** Extra lock time past a job's timeout, so a slow abort cannot let another instance in early. */
const lockMarginMs = 5_000;

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs jobs so that (1) one job never runs twice at once, across any number of processes,
 * (2) every run is recorded in `job_runs`, (3) a failing job is logged and recorded, never fatal,
 * (4) shutdown waits for running jobs up to a bound, then aborts them and releases their locks.
 */
export function createJobRunner(deps: RunnerDependencies) {
  const { db, clock, instanceId } = deps;
  const log = deps.logger.child({ component: "runner", instance: instanceId });
  const locks = jobLocks(db, clock, instanceId);
  const recordOutcomes = deps.recordOutcomes ?? createOutcomeRecorder({ db, clock });
  const running = new Map<string, { controller: AbortController; done: Promise<RunOutcome> }>();
  const scheduled: schedule.Job[] = [];
  let stopping = false;

  /** Alerts the operator when the job's latest runs, whichever instance ran them, all failed. */
  async function alertIfFailingRepeatedly(job: JobDefinition, error: string): Promise<void> {
    if (!deps.alerts) return;
    const inARow = deps.config.operatorAlerts.jobFailuresInARow;
    const latest = await db.models.JobRun.find({ job: job.name, status: { $ne: "running" } }, { status: 1 })
      .sort({ startedAt: -1 })
      .limit(inARow)
      .lean();
    if (latest.length < inARow || latest.some((run) => run.status !== "failed")) return;
    await deps.alerts.raise({
      kind: `job-failing:${job.name}`,
      summary: `Job ${job.name} failed ${inARow} runs in a row`,
      details: { job: job.name, lastError: error, instance: instanceId },
    });
  }

  async function execute(job: JobDefinition, controller: AbortController): Promise<RunOutcome> {
    const lockTtlMs = job.timeoutMs + lockMarginMs;
    if (!(await locks.acquire(job.name, lockTtlMs))) {
      log.debug({ job: job.name }, "job is running elsewhere; skipped");
      deps.metrics?.jobRuns.inc({ job: job.name, status: "skipped" });
      return { status: "skipped", reason: "locked" };
    }
    const stopTimer = deps.metrics?.jobDuration.startTimer({ job: job.name });
    const startedAt = clock.now();
    const record = await db.models.JobRun.create({ job: job.name, instance: instanceId, startedAt, status: "running" });
    const timeout = setTimeout(() => controller.abort(new Error(`timed out after ${job.timeoutMs} ms`)), job.timeoutMs);
    const keepAlive = setInterval(
      () => {
        locks.extend(job.name, lockTtlMs).catch((error: unknown) => log.warn({ err: error }, "lock extension failed"));
      },
      Math.max(1_000, Math.floor(lockTtlMs / 3)),
    );
    let outcome: RunOutcome;
    try {
      const counts =
        (await job.run({ ...deps, recordOutcomes, logger: log.child({ job: job.name }), signal: controller.signal })) ??
        {};
      outcome = { status: "succeeded", counts };
    } catch (error) {
      outcome = { status: "failed", error: errorText(error) };
      log.error({ err: error, job: job.name }, "job failed");
    } finally {
      clearTimeout(timeout);
      clearInterval(keepAlive);
    }
    const endedAt = clock.now();
    await db.models.JobRun.updateOne(
      { _id: record._id },
      {
        $set: {
          endedAt,
          durationMs: endedAt.getTime() - startedAt.getTime(),
          status: outcome.status,
          error: outcome.status === "failed" ? outcome.error : null,
          counts: outcome.status === "succeeded" ? outcome.counts : {},
        },
      },
    );
    await locks.release(job.name);
    // Routine runs (some jobs run every 5 s) are debug in development, where they would bury everything else;
    // a failed run is logged above as an error whatever the environment.
    const level = outcome.status === "succeeded" && deps.config.env === "development" ? "debug" : "info";
    log[level]({ job: job.name, status: outcome.status, ms: endedAt.getTime() - startedAt.getTime() }, "job finished");
    stopTimer?.();
    deps.metrics?.jobRuns.inc({ job: job.name, status: outcome.status });
    if (outcome.status === "failed") await alertIfFailingRepeatedly(job, outcome.error);
    return outcome;
  }

  return {
    /** Runs a job now (if nobody else is running it). Never throws. */
    async runNow(job: JobDefinition): Promise<RunOutcome> {
      if (stopping) return { status: "skipped", reason: "stopping" };
      const current = running.get(job.name);
      if (current) return { status: "skipped", reason: "locked" };
      const controller = new AbortController();
      const done = execute(job, controller).catch((error: unknown): RunOutcome => {
        log.error({ err: error, job: job.name }, "job runner error");
        deps.metrics?.jobRuns.inc({ job: job.name, status: "failed" });
        return { status: "failed", error: errorText(error) };
      });
      running.set(job.name, { controller, done });
      try {
        return await done;
      } finally {
        running.delete(job.name);
      }
    },

    /** Puts a job on its cron schedule. */
    schedule(job: JobDefinition): void {
      const scheduledJob = schedule.scheduleJob(job.name, job.schedule, () => {
        void this.runNow(job);
      });
      if (!scheduledJob) throw new Error(`invalid schedule for job ${job.name}: ${job.schedule}`);
      scheduled.push(scheduledJob);
      log.info({ job: job.name, schedule: job.schedule }, "job scheduled");
    },

    /** Stops scheduling, waits for running jobs up to `timeoutMs`, then aborts the rest. */
    async stop(timeoutMs: number): Promise<void> {
      stopping = true;
      for (const job of scheduled) job.cancel();
      const pending = [...running.values()];
      const all = Promise.all(pending.map((entry) => entry.done));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        log.warn({ jobs: [...running.keys()] }, "jobs still running at shutdown: aborting");
        for (const entry of running.values()) entry.controller.abort(new Error("scheduler shutting down"));
        await all;
      }
    },

    isRunning(name: string): boolean {
      return running.has(name);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
