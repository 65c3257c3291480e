import { heartbeatDeadline, type MonitorConfig, nextGridTime, spreadOffsetMs } from "@pingpilot/domain";

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
