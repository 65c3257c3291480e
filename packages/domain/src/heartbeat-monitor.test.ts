import { describe, expect, it } from "vitest";
import { heartbeatDeadline, nextExpectedPingAt } from "./heartbeat-monitor.ts";

describe("heartbeat deadlines", () => {
  it("expects the next ping one period after the last one, then allows the grace", () => {
    const lastPing = new Date("2026-11-25T12:00:00Z");
    const config = { schedule: { kind: "period" as const, periodSeconds: 3_600 }, graceSeconds: 300 };
    expect(nextExpectedPingAt(config.schedule, lastPing).toISOString()).toBe("2026-11-25T13:00:00.000Z");
    expect(heartbeatDeadline(config, lastPing).toISOString()).toBe("2026-11-25T13:05:00.000Z");
  });

  it("follows a cron schedule in its own time zone", () => {
    const schedule = { kind: "cron" as const, expression: "0 3 * * *", timezone: "Europe/Paris" };
    // 03:00 in Paris is 02:00 UTC in winter.
    const lastPing = new Date("2026-11-25T02:00:30Z");
    expect(nextExpectedPingAt(schedule, lastPing).toISOString()).toBe("2026-11-26T02:00:00.000Z");
    expect(heartbeatDeadline({ schedule, graceSeconds: 600 }, lastPing).toISOString()).toBe("2026-11-26T02:10:00.000Z");
  });
});
