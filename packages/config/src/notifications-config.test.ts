import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";

describe("notifications configuration", () => {
  it("retries, storm control and weekly reports work without any variable set", () => {
    const { notifications } = loadConfig({});
    expect(notifications.retry).toEqual({ baseMs: 10_000, maxMs: 900_000, maxAttempts: 8 });
    expect(notifications.storm).toEqual({ threshold: 5, windowSeconds: 120 });
    expect(notifications.reports).toEqual({ weekly: true, monthly: false, localHour: 8 });
  });

  it("reads every variable, and a maximum backoff below the base is raised to the base", () => {
    const { notifications } = loadConfig({
      NOTIFY_RETRY_BASE_MS: "5000",
      NOTIFY_RETRY_MAX_MS: "1000",
      NOTIFY_MAX_ATTEMPTS: "3",
      NOTIFY_STORM_THRESHOLD: "10",
      NOTIFY_STORM_WINDOW_SECONDS: "60",
      REPORTS_MONTHLY: "yes",
      REPORTS_WEEKLY: "false",
      REPORT_LOCAL_HOUR: "0",
    });
    expect(notifications.retry).toEqual({ baseMs: 5_000, maxMs: 5_000, maxAttempts: 3 });
    expect(notifications.storm).toEqual({ threshold: 10, windowSeconds: 60 });
    expect(notifications.reports).toEqual({ weekly: false, monthly: true, localHour: 0 });
  });

  it("refuses a storm threshold of one (every alert would be a storm) and an hour past 23", () => {
    expect(() => loadConfig({ NOTIFY_STORM_THRESHOLD: "1", REPORT_LOCAL_HOUR: "24" })).toThrow(
      /NOTIFY_STORM_THRESHOLD[\s\S]*REPORT_LOCAL_HOUR/,
    );
  });
});
