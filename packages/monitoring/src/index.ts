export { openIncident, resolveIncident, touchIncident } from "./incidents.ts";
export {
  createOutcomeRecorder,
  type MonitorSnapshot,
  type OutcomeToRecord,
  type RecordedOutcome,
  type RecordOutcomes,
  type ScheduleUpdate,
} from "./record-outcomes.ts";
export { type TimezonesOf, userTimezones } from "./user-timezones.ts";
