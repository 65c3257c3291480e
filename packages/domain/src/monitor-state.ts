import type { CheckErrorCode, CheckStatus } from "./check-result.ts";
import type { MonitorStatus } from "./monitor.ts";

/** The state-machine fields a monitor document carries. */
export interface MonitorState {
  status: MonitorStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  incidentOpen: boolean;
}

export interface MonitorThresholds {
  /** Consecutive failures that open an incident. */
  retriesBeforeIncident: number;
  /** Consecutive successes that resolve an open incident. */
  successesBeforeResolve: number;
}

export interface CheckOutcome {
  status: CheckStatus;
  reason: string;
  errorCode: CheckErrorCode | null;
  checkedAt: Date;
  /** Opens an incident at this failure whatever the retries (a heartbeat `/fail` ping). */
  openImmediately?: boolean;
}

export type TransitionEvent =
  | { type: "incident_opened"; at: Date; reason: string; errorCode: CheckErrorCode | null }
  | { type: "incident_resolved"; at: Date };

export interface MonitorTransition {
  state: MonitorState;
  /** What to store and deliver: at most one per check. */
  events: TransitionEvent[];
  /** Still confirming a failure (or a recovery): check again sooner than the interval. */
  recheckSoon: boolean;
}

export function initialMonitorState(): MonitorState {
  return { status: "pending", consecutiveFailures: 0, consecutiveSuccesses: 0, incidentOpen: false };
}

/** Pausing keeps an open incident open; the counters start again on resume. */
export function pausedMonitorState(state: MonitorState): MonitorState {
  return { ...state, status: "paused", consecutiveFailures: 0, consecutiveSuccesses: 0 };
}

/** A resumed monitor has no verdict yet, unless an incident is still open: then it is down until proven up. */
export function resumedMonitorState(state: MonitorState): MonitorState {
  return { ...state, status: state.incidentOpen ? "down" : "pending", consecutiveFailures: 0, consecutiveSuccesses: 0 };
}

function onFailure(state: MonitorState, outcome: CheckOutcome, thresholds: MonitorThresholds): MonitorTransition {
  const counters = { consecutiveFailures: state.consecutiveFailures + 1, consecutiveSuccesses: 0 };
  if (state.incidentOpen) {
    return { state: { ...counters, status: "down", incidentOpen: true }, events: [], recheckSoon: false };
  }
  if (outcome.openImmediately || counters.consecutiveFailures >= thresholds.retriesBeforeIncident) {
    return {
      state: { ...counters, status: "down", incidentOpen: true },
      events: [
        { type: "incident_opened", at: outcome.checkedAt, reason: outcome.reason, errorCode: outcome.errorCode },
      ],
      recheckSoon: false,
    };
  }
  // Confirming: the dashboard keeps its last verdict until the retries say otherwise.
  return { state: { ...counters, status: state.status, incidentOpen: false }, events: [], recheckSoon: true };
}

function onSuccess(state: MonitorState, outcome: CheckOutcome, thresholds: MonitorThresholds): MonitorTransition {
  const counters = { consecutiveFailures: 0, consecutiveSuccesses: state.consecutiveSuccesses + 1 };
  const status: MonitorStatus = outcome.status === "degraded" ? "degraded" : "up";
  if (!state.incidentOpen) {
    return { state: { ...counters, status, incidentOpen: false }, events: [], recheckSoon: false };
  }
  if (counters.consecutiveSuccesses >= thresholds.successesBeforeResolve) {
    return {
      state: { ...counters, status, incidentOpen: false },
      events: [{ type: "incident_resolved", at: outcome.checkedAt }],
      recheckSoon: false,
    };
  }
  return { state: { ...counters, status: "down", incidentOpen: true }, events: [], recheckSoon: true };
}

/**
 * The per-monitor state machine: a failure opens an incident only after `retriesBeforeIncident`
 * consecutive failures, and an incident resolves only after `successesBeforeResolve` consecutive
 * successes. Degraded counts as a success. A result that arrives for a paused monitor changes nothing.
 */
export function applyCheckOutcome(
  state: MonitorState,
  outcome: CheckOutcome,
  thresholds: MonitorThresholds,
): MonitorTransition {
  if (state.status === "paused") return { state, events: [], recheckSoon: false };
  return outcome.status === "down" ? onFailure(state, outcome, thresholds) : onSuccess(state, outcome, thresholds);
}
