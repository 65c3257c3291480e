import { loadConfig } from "@pingpilot/config";
import { testLogger } from "@pingpilot/db/testing";
import { systemClock } from "@pingpilot/domain";
import { createEmailSender, createOperatorAlerts } from "@pingpilot/notifications";
import { useDatabaseAndReceiver } from "@pingpilot/notifications/testing";
import { expect, it } from "vitest";
import type { JobDefinition } from "../src/job.ts";
import { createJobRunner } from "../src/runner.ts";

const logger = testLogger();
const { db, receiver } = await useDatabaseAndReceiver();

it("a job failing three runs in a row, on any instance, alerts the operator once; a success in between resets the count", async () => {
  const config = loadConfig({
    NODE_ENV: "test",
    OPERATOR_ALERT_WEBHOOK_URL: `${receiver.url}/operator`,
    OPERATOR_ALERT_JOB_FAILURES: "3",
  });
  const alerts = createOperatorAlerts({
    db,
    clock: systemClock,
    logger,
    config: config.operatorAlerts,
    email: createEmailSender({ apiKey: undefined, from: "x@pingpilot.test", logger, logContent: false }),
    source: "scheduler test",
  });
  const runnerOn = (instanceId: string) =>
    createJobRunner({ config, db, logger, clock: systemClock, instanceId, alerts });
  const one = runnerOn("alerts-a");
  const two = runnerOn("alerts-b");
  let healthy = false;
  const flaky: JobDefinition = {
    name: "flaky-export",
    schedule: "0 0 1 1 *",
    timeoutMs: 10_000,
    async run() {
      if (!healthy) throw new Error("bucket unreachable");
      return { exported: 1 };
    },
  };
  const alertsSent = () => receiver.requests.filter((request) => request.path === "/operator");

  await one.runNow(flaky);
  await two.runNow(flaky);
  healthy = true;
  await one.runNow(flaky);
  healthy = false;
  await two.runNow(flaky);
  await one.runNow(flaky);
  expect(alertsSent()).toHaveLength(0);

  await two.runNow(flaky);
  expect(alertsSent().map((request) => request.body)).toEqual([
    expect.objectContaining({
      kind: "job-failing:flaky-export",
      summary: "Job flaky-export failed 3 runs in a row",
      details: { job: "flaky-export", lastError: "Error: bucket unreachable", instance: "alerts-b" },
    }),
  ]);

  // Still failing: logged every time, but no second alert within the window.
  await one.runNow(flaky);
  expect(alertsSent()).toHaveLength(1);
});
