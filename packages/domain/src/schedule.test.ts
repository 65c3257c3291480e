import { describe, expect, it } from "vitest";
import { confirmationDelaySeconds, nextDueAfterCheck, nextGridTime, spreadOffsetMs } from "./schedule.ts";

describe("schedule", () => {
  const grid = { intervalSeconds: 30, offsetMs: 7_000 };

  it("keeps every due time on the monitor's grid however long checks take (no drift)", () => {
    let dueAt = nextGridTime(grid, new Date("2026-11-25T12:00:00Z"));
    expect(dueAt.toISOString()).toBe("2026-11-25T12:00:07.000Z");
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      const finishedAt = new Date(dueAt.getTime() + 2_345); // each check takes 2.3 s
      dueAt = nextDueAfterCheck(grid, { dueAt, now: finishedAt, recheckSoon: false });
      seen.push(dueAt.toISOString().slice(11, 23));
    }
    expect(seen).toEqual(["12:00:37.000", "12:01:07.000", "12:01:37.000", "12:02:07.000"]);
  });

  it("skips to the next grid point after falling behind instead of bursting to catch up", () => {
    const dueAt = new Date("2026-11-25T12:00:07Z");
    const now = new Date("2026-11-25T12:02:00Z");
    expect(nextDueAfterCheck(grid, { dueAt, now, recheckSoon: false }).toISOString()).toBe("2026-11-25T12:02:07.000Z");
  });

  it("re-checks sooner while confirming, then returns to the grid", () => {
    const hourly = { intervalSeconds: 3_600, offsetMs: 0 };
    const dueAt = new Date("2026-11-25T12:00:00Z");
    const now = new Date("2026-11-25T12:00:01Z");
    const recheck = nextDueAfterCheck(hourly, { dueAt, now, recheckSoon: true });
    expect(recheck.toISOString()).toBe("2026-11-25T12:01:01.000Z");
    expect(
      nextDueAfterCheck(hourly, {
        dueAt: recheck,
        now: new Date(recheck.getTime() + 500),
        recheckSoon: false,
      }).toISOString(),
    ).toBe("2026-11-25T13:00:00.000Z");
  });

  it("confirms after a delay between 10 s and 60 s, never later than the interval", () => {
    expect(confirmationDelaySeconds(20)).toBe(10);
    expect(confirmationDelaySeconds(60)).toBe(20);
    expect(confirmationDelaySeconds(86_400)).toBe(60);
  });

  it("spreads monitors with the same interval across the interval, stably", () => {
    const offsets = Array.from({ length: 1_000 }, (_, index) =>
      spreadOffsetMs(`65f1c0${index.toString(16).padStart(18, "0")}`, 60),
    );
    expect(spreadOffsetMs("65f1c0000000000000000001", 60)).toBe(spreadOffsetMs("65f1c0000000000000000001", 60));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(60_000);
    const perTenSeconds = new Array(6).fill(0);
    for (const offset of offsets) perTenSeconds[Math.floor(offset / 10_000)]++;
    for (const count of perTenSeconds) expect(count).toBeGreaterThan(100);
  });
});
