import { randomBytes } from "node:crypto";
import { checkStatuses, type MonitorState, type MonitorStatus, monitorStatuses, monitorTypes } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/** A scheduler instance's claim on a monitor: nobody else checks it until `expiresAt`. */
const leaseSchema = new Schema(
  {
    owner: { type: String, default: null },
    /** The epoch when free, so the claim query needs no `$or` on a missing lease. */
    expiresAt: { type: Date, required: true, default: () => new Date(0) },
  },
  { _id: false },
);

/** The latest check, kept on the monitor so lists and the dashboard need no join. */
const lastResultSchema = new Schema(
  {
    status: { type: String, enum: checkStatuses, required: true },
    responseTimeMs: { type: Number, default: null },
    httpStatus: { type: Number, default: null },
    reason: { type: String, required: true },
    errorCode: { type: String, default: null },
    checkedAt: { type: Date, required: true },
  },
  { _id: false },
);

/** A fresh secret for the heartbeat push URL: 144 random bits, URL-safe. */
export function newPushToken(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * A monitor: its configuration (common fields at the top, the type-specific part in `config`, which
 * @pingpilot/domain's monitorConfigSchema validates before it is stored), its place in the schedule,
 * and the state machine's fields. Every monitor has a unique `pushToken`, heartbeat or not: a unique
 * index without partial or sparse options (FerretDB has neither) needs a value on every document.
 */
export const monitorSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    type: { type: String, enum: monitorTypes, required: true },
    config: { type: Schema.Types.Mixed, required: true },
    intervalSeconds: { type: Number, required: true },
    retriesBeforeIncident: { type: Number, required: true },
    successesBeforeResolve: { type: Number, required: true },
    paused: { type: Boolean, required: true, default: false },
    tags: { type: [String], default: [] },
    channelIds: { type: [Schema.Types.ObjectId], default: [] },

    /** When the next check is due; null for paused and heartbeat monitors (they are never claimed). */
    nextDueAt: { type: Date, default: null },
    lease: { type: leaseSchema, required: true, default: () => ({}) },

    status: {
      type: String,
      enum: monitorStatuses,
      required: true,
      default: "pending",
    },
    consecutiveFailures: { type: Number, required: true, default: 0 },
    consecutiveSuccesses: { type: Number, required: true, default: 0 },
    lastCheckedAt: { type: Date, default: null },
    lastResult: { type: lastResultSchema, default: null },
    openIncidentId: { type: Schema.Types.ObjectId, default: null },
    certificateExpiresAt: { type: Date, default: null },
    /** The certificate expiry a `certificate_expiring` event was last sent for (one warning per certificate). */
    certificateWarnedFor: { type: Date, default: null },

    pushToken: { type: String, required: true, default: newPushToken },
    lastPingAt: { type: Date, default: null },
    /** Heartbeats: the last `/start` ping (a run began); the next ping measures the run's duration from it. */
    lastStartAt: { type: Date, default: null },
    /** Heartbeat monitors: down when this passes without a ping. Null for other types. */
    deadlineAt: { type: Date, default: null },

    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "monitors", versionKey: false, minimize: false },
);

// The API: a user's monitors newest first or by name (cursor pagination on _id), by status, by tag.
monitorSchema.index({ userId: 1, createdAt: -1, _id: -1 });
monitorSchema.index({ userId: 1, name: 1, _id: 1 });
monitorSchema.index({ userId: 1, status: 1 });
monitorSchema.index({ userId: 1, tags: 1 });
// The scheduler: claim due monitors whose lease has expired, oldest due first.
monitorSchema.index({ nextDueAt: 1, "lease.expiresAt": 1 });
// The scheduler: release this instance's leases on shutdown.
monitorSchema.index({ "lease.owner": 1 });
// Heartbeats: the push endpoint finds a monitor by token; the deadline job finds overdue ones.
monitorSchema.index({ pushToken: 1 }, { unique: true });
monitorSchema.index({ deadlineAt: 1 });

/**
 * Due now (or within `horizonMs`, for a scheduler that claims a little ahead) and not leased: the filter that matches `{ nextDueAt: 1, "lease.expiresAt": 1 }`. On MongoDB
 * `findOneAndUpdate(dueMonitorFilter(now), { $set: { lease } })` is an atomic claim. On FerretDB 1.x it
 * is not (updates are read-then-write across connections), so instances claim through MonitorClaim
 * inserts and use this filter to find candidates.
 */
export function dueMonitorFilter(now: Date, horizonMs = 0) {
  return { nextDueAt: { $lte: new Date(now.getTime() + horizonMs) }, "lease.expiresAt": { $lte: now } };
}

/**
 * A lease nobody holds. Written by every change that affects checks (config, schedule, pause, resume)
 * and by a scheduler giving its leases back: a check still running for the old configuration no longer
 * holds the lease, so its conditional write of the result's state is dropped.
 */
export function freeLease(): { owner: null; expiresAt: Date } {
  return { owner: null, expiresAt: new Date(0) };
}

/** The state machine's view of a stored monitor. */
export function monitorStateOf(monitor: {
  status: MonitorStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  openIncidentId?: unknown;
}): MonitorState {
  return {
    status: monitor.status,
    consecutiveFailures: monitor.consecutiveFailures,
    consecutiveSuccesses: monitor.consecutiveSuccesses,
    incidentOpen: Boolean(monitor.openIncidentId),
  };
}

export type MonitorDocument = Omit<InferSchemaType<typeof monitorSchema>, "config"> & {
  config: Record<string, unknown>;
};

export function monitorModel(connection: Connection) {
  return connection.model<MonitorDocument>("Monitor", monitorSchema);
}
