import { EventEmitter } from "node:events";
import type { OperatorAlertsConfig } from "@pingpilot/config";
import { testLogger } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { describe, expect, it } from "vitest";
import { alertOnCrash } from "../src/alerts/crash-alerts.ts";
import { createOperatorAlerts, type OperatorAlerts } from "../src/alerts/operator-alerts.ts";
import { createEmailSender } from "../src/email/email-sender.ts";
import { useDatabaseAndReceiver } from "../src/testing/index.ts";

const { db, receiver } = await useDatabaseAndReceiver();
const clock = manualClock(new Date("2026-11-25T08:00:00Z"));

function alertsFor(source: string, overrides: Partial<OperatorAlertsConfig> = {}): OperatorAlerts {
  const logger = testLogger();
  return createOperatorAlerts({
    db,
    clock,
    logger,
    source,
    config: {
      enabled: true,
      email: "ops@example.test",
      webhookUrl: `${receiver.url}/operator`,
      intervalMinutes: 30,
      jobFailuresInARow: 3,
      ...overrides,
    },
    email: createEmailSender({
      apiKey: "re_test_key",
      baseUrl: receiver.url,
      from: "Ping Pilot <alerts@pingpilot.test>",
      logger,
      logContent: false,
    }),
  });
}

const operatorPosts = () => receiver.requests.filter((request) => request.path === "/operator");
const operatorEmails = () => receiver.requests.filter((request) => request.path === "/emails");

describe("operator alerts", () => {
  it("an alert reaches the operator's email and webhook once per kind and window, however many processes raise it", async () => {
    const api = alertsFor("api host-1");
    const scheduler = alertsFor("scheduler host-2");
    const crash = {
      kind: "unhandled-rejection",
      summary: "Unhandled promise rejection in the API",
      details: { error: "boom" },
    };

    expect(await api.raise(crash)).toBe("sent");
    expect(await scheduler.raise(crash)).toBe("suppressed");
    expect(await api.raise(crash)).toBe("suppressed");
    expect(operatorPosts()).toHaveLength(1);
    expect(operatorPosts()[0]?.body).toMatchObject({
      type: "operator.alert",
      kind: "unhandled-rejection",
      summary: "Unhandled promise rejection in the API",
      details: { error: "boom" },
      source: "api host-1",
      text: expect.stringContaining("error: boom"),
    });
    expect(operatorEmails()).toHaveLength(1);
    expect(operatorEmails()[0]?.body).toMatchObject({
      to: "ops@example.test",
      subject: "[Ping Pilot] Unhandled promise rejection in the API",
    });

    // Another kind is not held back by the first; the same kind goes out again in the next window.
    expect(await scheduler.raise({ kind: "job-failing:prune", summary: "Job prune failed 3 runs in a row" })).toBe(
      "sent",
    );
    clock.advance(30 * 60_000);
    expect(await scheduler.raise(crash)).toBe("sent");
    expect(operatorPosts().map((request) => (request.body as { kind: string }).kind)).toEqual([
      "unhandled-rejection",
      "job-failing:prune",
      "unhandled-rejection",
    ]);
  });

  it("without an alert address nothing is sent (the error is only logged)", async () => {
    const alerts = alertsFor("api host-1", { enabled: false, email: undefined, webhookUrl: undefined });
    expect(await alerts.raise({ kind: "uncaught-exception", summary: "x" })).toBe("disabled");
    expect(receiver.requests).toHaveLength(0);
  });

  it("a webhook that refuses the alert is reported as a failed alert, never thrown", async () => {
    clock.advance(30 * 60_000);
    const alerts = alertsFor("api host-1", { email: undefined });
    receiver.respond({ status: 500 });
    expect(await alerts.raise({ kind: "refused", summary: "refused" })).toBe("failed");
  });

  it("an uncaught exception is reported to the operator before the process exits with code 1", async () => {
    clock.advance(30 * 60_000);
    const processLike = new EventEmitter();
    const exited = new Promise<number>((resolve) => {
      alertOnCrash(processLike, {
        alerts: alertsFor("scheduler host-2", { email: undefined }),
        logger: testLogger(),
        processName: "scheduler",
        exit: resolve,
      });
    });
    processLike.emit("uncaughtException", new TypeError("cannot read properties of undefined"));
    expect(await exited).toBe(1);
    expect(operatorPosts().map((request) => request.body)).toEqual([
      expect.objectContaining({
        kind: "uncaught-exception",
        details: { error: "TypeError: cannot read properties of undefined" },
      }),
    ]);

    processLike.emit("unhandledRejection", new Error("lost promise"));
    await expect.poll(() => operatorPosts()).toHaveLength(2);
    expect(operatorPosts()[1]?.body).toMatchObject({ kind: "unhandled-rejection" });
  });
});
