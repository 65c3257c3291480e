import { loadConfig } from "@pingpilot/config";
import { testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { manualClock, systemClock } from "@pingpilot/domain";
import { describe, expect, it } from "vitest";
import type { JobDefinition } from "../src/job.ts";
import { jobLocks } from "../src/job-lock.ts";
import { createJobRunner } from "../src/runner.ts";

const db = await useTestDatabase();
const config = loadConfig({ NODE_ENV: "test" });
const logger = testLogger();

function runner(instanceId: string, clock = systemClock) {
  return createJobRunner({ config, db, logger, clock, instanceId });
}

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("job runner", () => {
  it("never runs one job twice at once across two scheduler instances", async () => {
    const release = gate();
    let started = 0;
    const job: JobDefinition = {
      name: "exclusive",
      schedule: "* * * * *",
      timeoutMs: 10_000,
      async run() {
        started += 1;
        await release.opened;
        return { items: 7 };
      },
    };
    const a = runner("instance-a");
    const b = runner("instance-b");
    const first = a.runNow(job);
    await expect.poll(() => started).toBe(1);
    const second = await b.runNow(job);
    expect(second).toEqual({ status: "skipped", reason: "locked" });
    release.open();
    expect(await first).toEqual({ status: "succeeded", counts: { items: 7 } });
    expect(started).toBe(1);

    const runs = await db.models.JobRun.find({ job: "exclusive" }).lean();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ instance: "instance-a", status: "succeeded", counts: { items: 7 } });
    expect(runs[0]?.durationMs).toBeGreaterThanOrEqual(0);

    // The lock was released: the other instance can run it now.
    expect((await b.runNow(job)).status).toBe("succeeded");
  });

  it("records a failed run with its error and keeps going", async () => {
    const job: JobDefinition = {
      name: "broken",
      schedule: "* * * * *",
      timeoutMs: 10_000,
      async run() {
        throw new TypeError("target table missing");
      },
    };
    const outcome = await runner("instance-a").runNow(job);
    expect(outcome).toEqual({ status: "failed", error: "TypeError: target table missing" });
    const run = await db.models.JobRun.findOne({ job: "broken" }).lean();
    expect(run).toMatchObject({ status: "failed", error: "TypeError: target table missing" });
    expect(run?.endedAt).toBeInstanceOf(Date);
    expect(await jobLocks(db, systemClock, "someone-else").isHeld("broken")).toBe(false);
  });

  it("takes over a lock whose owner died once it has expired, not before", async () => {
    const clock = manualClock(new Date("2026-01-01T00:00:00Z"));
    const dead = jobLocks(db, clock, "dead-instance");
    expect(await dead.acquire("orphaned", 60_000)).toBe(true);
    const alive = jobLocks(db, clock, "alive-instance");
    expect(await alive.acquire("orphaned", 60_000)).toBe(false);
    clock.advance(60_001);
    expect(await alive.acquire("orphaned", 60_000)).toBe(true);
    expect(await dead.extend("orphaned", 60_000)).toBe(false);
  });

  it("of many instances racing for one expired lock, exactly one gets it", async () => {
    const clock = manualClock(new Date("2026-01-01T00:00:00Z"));
    expect(await jobLocks(db, clock, "crashed").acquire("contended", 1_000)).toBe(true);
    clock.advance(5_000);
    const contenders = Array.from({ length: 8 }, (_, i) => jobLocks(db, clock, `instance-${i}`));
    const won = await Promise.all(contenders.map((locks) => locks.acquire("contended", 60_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it("aborts a job that outlives its timeout and records the failure", async () => {
    const job: JobDefinition = {
      name: "slow",
      schedule: "* * * * *",
      timeoutMs: 200,
      run: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
    };
    const outcome = await runner("instance-a").runNow(job);
    expect(outcome).toEqual({ status: "failed", error: "Error: timed out after 200 ms" });
  });

  it("on shutdown waits for a running job up to the bound, then aborts it and frees its lock", async () => {
    const r = runner("instance-s");
    let aborted = false;
    const job: JobDefinition = {
      name: "long",
      schedule: "* * * * *",
      timeoutMs: 60_000,
      run: ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(signal.reason);
          });
        }),
    };
    const running = r.runNow(job);
    await expect.poll(() => r.isRunning("long")).toBe(true);
    const locks = jobLocks(db, systemClock, "observer");
    await expect.poll(() => locks.isHeld("long")).toBe(true);
    await r.stop(100);
    expect(aborted).toBe(true);
    expect((await running).status).toBe("failed");
    expect(await locks.isHeld("long")).toBe(false);
    expect(await r.runNow(job)).toEqual({ status: "skipped", reason: "stopping" });
  });
});
