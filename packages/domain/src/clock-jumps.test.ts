import { describe, expect, it } from "vitest";
import { manualClock } from "./clock.ts";
import { recentCalendarDays, startOfDay } from "./monitor-stats.ts";
import { nextDueAfterCheck, nextGridTime } from "./schedule.ts";
import { dayKey, downtimeByDay } from "./uptime.ts";

// What monitor-stats.test.ts and uptime.test.ts do not cover already: a clock that jumps (forward
// across local midnight and DST changes, backward by an hour) as the scheduler's injectable clock can.
const t = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe("a clock jumping across local midnight and DST changes", () => {
  it("attributes instants either side of a jump across local midnight to their own local day", () => {
    const clock = manualClock(t("2026-10-24T21:59:59Z")); // 23:59:59 in Berlin (summer time, UTC+2)
    expect(dayKey(clock.now(), "Europe/Berlin")).toBe("2026-10-24");
    clock.advance(2_000);
    expect(dayKey(clock.now(), "Europe/Berlin")).toBe("2026-10-25");
    expect(dayKey(clock.now(), "UTC")).toBe("2026-10-24");
    expect(dayKey(clock.now(), "America/New_York")).toBe("2026-10-24");
  });

  it("Berlin's autumn change: the repeated hour stays on one day of 25 hours", () => {
    // 2026-10-25 03:00 summer time becomes 02:00 winter time (at 01:00 UTC): 02:30 happens twice.
    const first = t("2026-10-25T00:30:00Z");
    const second = t("2026-10-25T01:30:00Z");
    expect([dayKey(first, "Europe/Berlin"), dayKey(second, "Europe/Berlin")]).toEqual(["2026-10-25", "2026-10-25"]);
    expect(startOfDay(second, "Europe/Berlin")).toEqual(t("2026-10-24T22:00:00Z"));
    const [day] = recentCalendarDays(t("2026-10-25T12:00:00Z"), "Europe/Berlin", 1);
    expect(day?.day).toBe("2026-10-25");
    expect((day?.end.getTime() ?? 0) - (day?.start.getTime() ?? 0)).toBe(25 * HOUR);
  });

  it("New York's spring and autumn changes: days of 23 and 25 hours, midnights where the zone has them", () => {
    const spring = recentCalendarDays(t("2026-03-08T15:00:00Z"), "America/New_York", 1)[0];
    expect(spring).toMatchObject({
      day: "2026-03-08",
      start: t("2026-03-08T05:00:00Z"),
      end: t("2026-03-09T04:00:00Z"),
    });
    const autumn = recentCalendarDays(t("2026-11-01T15:00:00Z"), "America/New_York", 1)[0];
    expect(autumn).toMatchObject({
      day: "2026-11-01",
      start: t("2026-11-01T04:00:00Z"),
      end: t("2026-11-02T05:00:00Z"),
    });
    // An outage over the autumn night is split at local midnight, not at UTC midnight.
    expect(
      downtimeByDay({ start: t("2026-11-01T03:30:00Z"), end: t("2026-11-01T06:30:00Z") }, "America/New_York"),
    ).toEqual([
      { day: "2026-10-31", seconds: 1_800 },
      { day: "2026-11-01", seconds: 9_000 },
    ]);
  });
});

describe("a clock jumping backwards or forwards under the schedule", () => {
  const grid = { intervalSeconds: 60, offsetMs: 7_000 };

  it("a check whose clock jumped back an hour is due next after its own due time, never at it or before", () => {
    const dueAt = t("2026-10-25T01:30:07Z");
    const now = new Date(dueAt.getTime() - HOUR + 2_000);
    const next = nextDueAfterCheck(grid, { dueAt, now, recheckSoon: false });
    expect(next).toEqual(t("2026-10-25T01:31:07Z"));
  });

  it("a confirmation re-check is still due after the check that asked for it when the clock jumped back", () => {
    const dueAt = t("2026-10-25T01:30:07Z");
    const now = new Date(dueAt.getTime() - HOUR + 2_000);
    const next = nextDueAfterCheck(grid, { dueAt, now, recheckSoon: true });
    expect(next.getTime()).toBeGreaterThan(dueAt.getTime());
    expect(next).toEqual(t("2026-10-25T01:30:27Z")); // the due time plus the 20 s confirmation delay
  });

  it("due times keep increasing, without repeats, through backward and forward jumps", () => {
    const clock = manualClock(t("2026-03-29T00:59:30Z")); // just before Berlin's spring change
    let dueAt = nextGridTime(grid, clock.now());
    const seen: number[] = [];
    for (const jumpMs of [0, -HOUR, 3 * HOUR, -2 * HOUR, 1_000, -30_000]) {
      clock.set(new Date(dueAt.getTime() + jumpMs));
      dueAt = nextDueAfterCheck(grid, { dueAt, now: clock.now(), recheckSoon: jumpMs < 0 });
      seen.push(dueAt.getTime());
    }
    expect(seen.every((due, index) => index === 0 || due > (seen[index - 1] ?? 0))).toBe(true);
    // Forward: straight to the grid point after the new time, no burst of missed checks.
    expect(new Date(seen[2] ?? 0)).toEqual(t("2026-03-29T04:02:07Z"));
  });
});
