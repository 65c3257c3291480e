import type { CheckResult, MonitorStatus, MonitorTransition } from "@pingpilot/domain";
import type { Types } from "mongoose";

/** The monitor fields recording needs (a lean monitor document has them all). */
export interface MonitorSnapshot {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  type: string;
  config: Record<string, unknown>;
  intervalSeconds: number;
  retriesBeforeIncident: number;
  successesBeforeResolve: number;
  status: MonitorStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  openIncidentId?: Types.ObjectId | null;
  lastCheckedAt?: Date | null;
  certificateWarnedFor?: Date | null;
}

/**
 * The next due time of a scheduled check, both ways: `onSchedule` (the next grid point) and `recheck`
 * (a confirmation re-check, sooner). The recorder stores the one the state machine asks for.
 */
export interface NextDueCandidates {
  onSchedule: Date;
  recheck: Date;
}

/** Schedule fields stored with the monitor's new state. */
export interface ScheduleUpdate {
  nextDueAt?: NextDueCandidates;
  deadlineAt?: Date | null;
  lastPingAt?: Date;
}

export interface OutcomeToRecord {
  monitor: MonitorSnapshot;
  result: CheckResult;
  /** A heartbeat `/fail` ping or a missed deadline: open the incident now, whatever the retries. */
  openImmediately?: boolean;
  schedule?: ScheduleUpdate;
  /** Update the monitor only while this scheduler instance still holds its lease, and release it. */
  leaseOwner?: string;
  /** Further conditions for the monitor update, e.g. the deadline a missed-heartbeat verdict is about. */
  onlyIf?: Record<string, unknown>;
  /**
   * The stored result's `_id`, chosen by the caller: writing the same outcome again (a retried batch,
   * or a result a crashed instance stored but did not finish recording) then stores it once.
   */
  resultId?: Types.ObjectId;
}

export interface RecordedOutcome {
  monitorId: string;
  transition: MonitorTransition;
  incidentId: string | null;
}
