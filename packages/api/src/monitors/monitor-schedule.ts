import { heartbeatDeadline, type MonitorConfig, nextGridTime, spreadOffsetMs } from "@pingpilot/domain";

/**
 * A free lease. Written by every change that affects checks (config, schedule, pause, resume): a
 * scheduler instance still running a check of the old configuration then no longer holds the lease,
 * and its conditional write of the result's state is dropped.
 */
export function freeLease() {
  return { owner: null, expiresAt: new Date(0) };
}

export interface ScheduleFields {
  nextDueAt: Date | null;
  deadlineAt: Date | null;
}

/**
 * Where a monitor stands in the scheduler's eyes from `now`: active monitors are due at the next point
 * of their grid (interval shifted by a stable per-monitor offset), heartbeats wait for a ping until
 * their deadline, paused monitors are neither.
 */
export function scheduleFrom(id: string, config: MonitorConfig, now: Date): ScheduleFields {
  if (config.paused) return { nextDueAt: null, deadlineAt: null };
  if (config.type === "heartbeat") return { nextDueAt: null, deadlineAt: heartbeatDeadline(config, now) };
  const grid = { intervalSeconds: config.intervalSeconds, offsetMs: spreadOffsetMs(id, config.intervalSeconds) };
  return { nextDueAt: nextGridTime(grid, now), deadlineAt: null };
}
