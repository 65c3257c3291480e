export {
  type HeartbeatSnapshot,
  heartbeatPingOutcome,
  isFailurePing,
  missedHeartbeatOutcome,
  type PushSignal,
} from "./heartbeat-outcomes.ts";
export { openIncident, resolveIncident, touchIncident } from "./incidents.ts";
export type {
  MonitorSnapshot,
  NextDueCandidates,
  OutcomeToRecord,
  RecordedOutcome,
  ScheduleUpdate,
} from "./outcome-to-record.ts";
export { createOutcomeRecorder, type RecordOutcomes } from "./record-outcomes.ts";
export { type TimezonesOf, userTimezones } from "./user-timezones.ts";
