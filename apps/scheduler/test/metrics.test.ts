import { loadConfig } from "@pingpilot/config";
import { insertTestMonitor, insertTestUser, testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { monitorConfigSchema, systemClock } from "@pingpilot/domain";
import { createMetrics, type MetricsServer, startMetricsServer } from "@pingpilot/metrics";
import { expect, it } from "vitest";
import { checkMetricsObservers } from "../src/check-metrics.ts";
import type { JobDefinition } from "../src/job.ts";
import { jobLocks } from "../src/job-lock.ts";
import { createJobRunner } from "../src/runner.ts";
import { startScheduler } from "../src/start-scheduler.ts";
import { type HttpTarget, startHttpTarget } from "./targets.ts";

const config = loadConfig({ NODE_ENV: "test" });
const logger = testLogger();
const db = await useTestDatabase();

function job(name: string, run: JobDefinition["run"]): JobDefinition {
  return { name, schedule: "0 0 1 1 *", timeoutMs: 10_000, run };
}

/** Scrapes and returns the value of one sample line (`name{labels}`), or undefined when absent. */
async function sample(server: MetricsServer, series: string): Promise<number | undefined> {
  const text = await (await fetch(String(await server.listening))).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

it("the scheduler's metrics endpoint counts job runs by job and status, and times the runs", async () => {
  const metrics = createMetrics();
  const server = await startMetricsServer({ metrics, host: "127.0.0.1", port: 0, logger });
  try {
    const runner = createJobRunner({ config, db, logger, clock: systemClock, instanceId: "metrics-a", metrics });
    const tidy = job("tidy", async () => ({ removed: 1 }));
    const broken = job("broken-metrics", async () => {
      throw new Error("disk full");
    });
    await runner.runNow(tidy);
    await runner.runNow(tidy);
    await runner.runNow(broken);
    // Another instance holds the lock: this run is skipped, and counted as such.
    expect(await jobLocks(db, systemClock, "metrics-b").acquire("tidy", 60_000)).toBe(true);
    expect(await runner.runNow(tidy)).toEqual({ status: "skipped", reason: "locked" });

    expect(await sample(server, 'pingpilot_job_runs_total{job="tidy",status="succeeded"}')).toBe(2);
    expect(await sample(server, 'pingpilot_job_runs_total{job="tidy",status="skipped"}')).toBe(1);
    expect(await sample(server, 'pingpilot_job_runs_total{job="broken-metrics",status="failed"}')).toBe(1);
    expect(await sample(server, 'pingpilot_job_duration_seconds_count{job="tidy"}')).toBe(2);
    expect(await sample(server, 'pingpilot_job_duration_seconds_count{job="broken-metrics"}')).toBe(1);
    expect(await sample(server, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
  } finally {
    await server.close();
  }
});

it("checks the scheduler runs show up as checks run by type and result, with durations and start lag", async () => {
  let target: HttpTarget | undefined;
  const metrics = createMetrics({ defaultMetrics: false });
  try {
    target = await startHttpTarget();
    const userId = await insertTestUser(db);
    const url = target.url;
    await insertTestMonitor(db, {
      userId,
      type: "http",
      config: monitorConfigSchema.parse({ type: "http", name: "web", url }),
    });
    const loopConfig = loadConfig({
      NODE_ENV: "test",
      MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32",
      SCHEDULER_TICK_MS: "50",
      CHECK_FLUSH_MS: "50",
      SCHEDULER_INSTANCE_ID: "metrics-loop",
    });
    const scheduler = startScheduler({
      config: loopConfig,
      db,
      logger,
      clock: systemClock,
      jobs: [],
      metrics,
      ...checkMetricsObservers(metrics),
    });
    try {
      await expect
        .poll(async () => (await metrics.checksRun.get()).values.find((v) => v.labels.type === "http")?.value, {
          timeout: 15_000,
        })
        .toBeGreaterThanOrEqual(1);
    } finally {
      await scheduler.stop(5_000);
    }
    const text = await metrics.render();
    expect(text).toMatch(/^pingpilot_checks_run_total\{type="http",result="up"\} [1-9]/m);
    expect(text).toMatch(/^pingpilot_check_duration_seconds_count\{type="http"\} [1-9]/m);
    expect(text).toMatch(/^pingpilot_scheduler_start_lag_seconds_count [1-9]/m);
  } finally {
    await target?.close();
  }
});
