import { type Connection, type InferSchemaType, Schema, type Types } from "mongoose";

/**
 * One scheduler instance's claim on one due check of one monitor. Inserting it *is* the claim: `_id`
 * is `<monitorId>:<dueAt ms>:<attempt>`, so of any number of instances exactly one wins (the others
 * get a duplicate-key error). This holds on FerretDB too, where updates are not atomic across
 * connections: two `findOneAndUpdate` claims on the monitor's lease, or two compare-and-set
 * `updateOne`s, can both succeed there. After winning, the instance sets the monitor's `lease`
 * (it is then the only writer). When a claim expires without the check being done (a crashed
 * instance), the next instance inserts `attempt + 1` for the same due time.
 */
export const monitorClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    monitorId: { type: Schema.Types.ObjectId, required: true },
    dueAt: { type: Date, required: true },
    attempt: { type: Number, required: true },
    owner: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: "monitor_claims", versionKey: false },
);

// The latest attempt for a monitor's due time (is it taken, has it expired?).
monitorClaimSchema.index({ monitorId: 1, dueAt: 1, attempt: -1 });
// Clean-up of old claims by age.
monitorClaimSchema.index({ expiresAt: 1 });

export function monitorClaimId(monitorId: Types.ObjectId | string, dueAt: Date, attempt: number): string {
  return `${monitorId.toString()}:${dueAt.getTime()}:${attempt}`;
}

export type MonitorClaimDocument = InferSchemaType<typeof monitorClaimSchema>;

export function monitorClaimModel(connection: Connection) {
  return connection.model("MonitorClaim", monitorClaimSchema);
}
