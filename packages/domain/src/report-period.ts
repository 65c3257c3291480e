import type { ReportKind } from "./report.ts";
import { dayKey, nextMidnight } from "./uptime.ts";

/** A report period: local midnights in the user's time zone, and the calendar days in between. */
export interface ReportPeriod {
  kind: ReportKind;
  start: Date;
  /** Exclusive: the local midnight after the last day. */
  end: Date;
  /** "YYYY-MM-DD" of every day in the period, in order. */
  days: string[];
}

function parseDay(day: string): { year: number; month: number; date: number } {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  return { year, month, date };
}

function formatDay(utc: Date): string {
  return utc.toISOString().slice(0, 10);
}

/** Calendar arithmetic on a day key (no time zone involved: days are days). */
export function addDays(day: string, count: number): string {
  const { year, month, date } = parseDay(day);
  return formatDay(new Date(Date.UTC(year, month - 1, date + count)));
}

/** The local midnight that starts a calendar day in a time zone (DST-aware). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const { year, month, date } = parseDay(day);
  // Two days before the UTC midnight is before the local one in every zone; walk forward from there.
  let midnight = nextMidnight(new Date(Date.UTC(year, month - 1, date) - 2 * 86_400_000), timeZone);
  for (let step = 0; step < 5 && dayKey(midnight, timeZone) < day; step++) {
    midnight = nextMidnight(midnight, timeZone);
  }
  return midnight;
}

function daysBetween(first: string, endExclusive: string): string[] {
  const days: string[] = [];
  for (let day = first; day < endExclusive; day = addDays(day, 1)) days.push(day);
  return days;
}

function periodOf(kind: ReportKind, firstDay: string, endDay: string, timeZone: string): ReportPeriod {
  return {
    kind,
    start: startOfLocalDay(firstDay, timeZone),
    end: startOfLocalDay(endDay, timeZone),
    days: daysBetween(firstDay, endDay),
  };
}

/** The first day of the period that contains `day`: its Monday (ISO weeks) or the 1st of its month. */
function periodFirstDay(kind: ReportKind, day: string): string {
  if (kind === "monthly") return `${day.slice(0, 8)}01`;
  const { year, month, date } = parseDay(day);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

function nextPeriodFirstDay(kind: ReportKind, firstDay: string): string {
  if (kind === "weekly") return addDays(firstDay, 7);
  const { year, month } = parseDay(firstDay);
  return formatDay(new Date(Date.UTC(year, month, 1)));
}

function previousPeriodFirstDay(kind: ReportKind, firstDay: string): string {
  if (kind === "weekly") return addDays(firstDay, -7);
  return periodFirstDay("monthly", addDays(firstDay, -1));
}

/**
 * The last complete period before `now` in a time zone: last week (Monday to Sunday) or last month,
 * with the one before it for comparison.
 */
export function lastCompletePeriod(
  kind: ReportKind,
  now: Date,
  timeZone: string,
): { current: ReportPeriod; previous: ReportPeriod } {
  const currentEndDay = periodFirstDay(kind, dayKey(now, timeZone));
  const currentFirstDay = previousPeriodFirstDay(kind, currentEndDay);
  const previousFirstDay = previousPeriodFirstDay(kind, currentFirstDay);
  return {
    current: periodOf(kind, currentFirstDay, nextPeriodFirstDay(kind, currentFirstDay), timeZone),
    previous: periodOf(kind, previousFirstDay, currentFirstDay, timeZone),
  };
}
