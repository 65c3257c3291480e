import { type CheckResult, type HeartbeatMonitorConfig, heartbeatDeadline } from "@pingpilot/domain";
import type { MonitorSnapshot, OutcomeToRecord } from "./outcome-to-record.ts";

/**
 * Heartbeat (push) outcomes, built here for both of their sources: a ping on the push endpoint
 * (packages/api) and a deadline that passed without one (the scheduler's heartbeat-deadlines job).
 */

/** What a ping says: the job succeeded, started, failed, or ended with an exit code (0 = success). */
export type PushSignal = { kind: "success" } | { kind: "start" } | { kind: "fail" } | { kind: "exit"; code: number };

export interface HeartbeatSnapshot extends MonitorSnapshot {
  lastPingAt?: Date | null;
  lastStartAt?: Date | null;
  deadlineAt?: Date | null;
}

function reasonOf(signal: PushSignal, message: string | undefined): string {
  const base =
    signal.kind === "fail" ? "failure reported" : signal.kind === "exit" ? `exit code ${signal.code}` : "ping received";
  return message ? `${base}: ${message}` : base;
}

/** Whether a ping reports a failed run (`/fail`, or a non-zero exit code). */
export function isFailurePing(signal: PushSignal): boolean {
  return signal.kind === "fail" || (signal.kind === "exit" && signal.code !== 0);
}

/**
 * A ping's outcome: up, or down at once for a failure; its response time is the run's duration when a
 * `/start` came since the previous ping. The deadline moves to the next expected ping plus grace.
 */
export function heartbeatPingOutcome(
  monitor: HeartbeatSnapshot,
  config: Pick<HeartbeatMonitorConfig, "schedule" | "graceSeconds">,
  ping: { signal: PushSignal; message?: string | undefined; at: Date },
): OutcomeToRecord {
  const { at } = ping;
  const failed = isFailurePing(ping.signal);
  const startedRun =
    monitor.lastStartAt && (!monitor.lastPingAt || monitor.lastStartAt.getTime() > monitor.lastPingAt.getTime())
      ? monitor.lastStartAt
      : null;
  const result: CheckResult = {
    status: failed ? "down" : "up",
    responseTimeMs: startedRun ? Math.max(0, at.getTime() - startedRun.getTime()) : null,
    httpStatus: null,
    reason: reasonOf(ping.signal, ping.message),
    errorCode: failed ? "heartbeat_failed" : null,
    certificate: null,
    checkedAt: at,
  };
  return {
    monitor,
    result,
    openImmediately: failed,
    // Paused between the read and this write: the pause wins.
    onlyIf: { paused: false },
    schedule: { deadlineAt: heartbeatDeadline(config, at), lastPingAt: at },
  };
}

/**
 * A deadline passed without a ping: down, and the incident opens at once (the grace time already was
 * the benefit of the doubt). The deadline is cleared; the next ping sets a new one.
 */
export function missedHeartbeatOutcome(monitor: HeartbeatSnapshot, at: Date): OutcomeToRecord {
  const expected = monitor.deadlineAt?.toISOString();
  return {
    monitor,
    result: {
      status: "down",
      responseTimeMs: null,
      httpStatus: null,
      reason: monitor.lastPingAt
        ? `no ping since ${monitor.lastPingAt.toISOString()} (expected by ${expected})`
        : `no ping yet (expected by ${expected})`,
      errorCode: "heartbeat_missed",
      certificate: null,
      checkedAt: at,
    },
    openImmediately: true,
    // A ping that arrived meanwhile moved the deadline: then this verdict is void.
    onlyIf: { deadlineAt: monitor.deadlineAt },
    schedule: { deadlineAt: null },
  };
}
