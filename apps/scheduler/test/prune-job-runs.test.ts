import { loadConfig } from "@pingpilot/config";
import { testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { expect, it } from "vitest";
import { pruneJobRuns } from "../src/jobs/prune-job-runs.ts";
import { createJobRunner } from "../src/runner.ts";

const db = await useTestDatabase();

it("deletes job-run records older than the retention period and keeps the rest", async () => {
  const now = new Date("2026-06-30T12:00:00Z");
  const day = 86_400_000;
  const ages = [0, 5, 29, 31, 90, 400];
  await db.models.JobRun.insertMany(
    ages.map((age) => ({
      job: "x",
      instance: "i",
      startedAt: new Date(now.getTime() - age * day),
      status: "succeeded",
    })),
  );
  const config = loadConfig({ NODE_ENV: "test", JOB_RUN_RETENTION_DAYS: "30" });
  const runner = createJobRunner({ config, db, logger: testLogger(), clock: manualClock(now), instanceId: "t" });
  const outcome = await runner.runNow(pruneJobRuns);
  expect(outcome).toEqual({ status: "succeeded", counts: { deleted: 3 } });
  const left = await db.models.JobRun.find({ job: "x" }).sort({ startedAt: -1 }).lean();
  expect(left.map((run) => Math.round((now.getTime() - run.startedAt.getTime()) / day))).toEqual([0, 5, 29]);
});
