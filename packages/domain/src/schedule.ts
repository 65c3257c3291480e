/**
 * Drift-free scheduling. A monitor's checks are due on a fixed grid: every `intervalSeconds`, shifted
 * by a per-monitor offset so that monitors do not all start at :00. The next due time is always the
 * next grid point, never "when the last check finished + interval", so slow checks cannot make a
 * schedule drift, and a scheduler that fell behind skips ahead instead of bursting to catch up.
 */

/** 32-bit FNV-1a: cheap, stable across processes and versions, and well spread for ids. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The monitor's place on its grid, in [0, interval): stable for a given id and interval. */
export function spreadOffsetMs(monitorId: string, intervalSeconds: number): number {
  return fnv1a(monitorId) % (intervalSeconds * 1000);
}

export interface ScheduleGrid {
  intervalSeconds: number;
  offsetMs: number;
}

/** The first grid point strictly after `after`. */
export function nextGridTime(grid: ScheduleGrid, after: Date): Date {
  const period = grid.intervalSeconds * 1000;
  const steps = Math.floor((after.getTime() - grid.offsetMs) / period) + 1;
  return new Date(steps * period + grid.offsetMs);
}

/** How soon to check again while confirming a failure or a recovery: sooner than the interval, never below 10 s. */
export function confirmationDelaySeconds(intervalSeconds: number): number {
  return Math.min(intervalSeconds, 60, Math.max(10, Math.floor(intervalSeconds / 3)));
}

/**
 * The next due time after a check that was due at `dueAt` ran (its result known at `now`): the next
 * grid point after both, or sooner when the state machine asks for a confirmation re-check.
 */
export function nextDueAfterCheck(grid: ScheduleGrid, input: { dueAt: Date; now: Date; recheckSoon: boolean }): Date {
  const later = input.dueAt.getTime() > input.now.getTime() ? input.dueAt : input.now;
  const onGrid = nextGridTime(grid, later);
  if (!input.recheckSoon) return onGrid;
  // From `later`, not `now`: a clock set back must not schedule the re-check before the check itself.
  const recheck = later.getTime() + confirmationDelaySeconds(grid.intervalSeconds) * 1000;
  return recheck < onGrid.getTime() ? new Date(recheck) : onGrid;
}
