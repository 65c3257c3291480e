import { checkStatuses } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/** One check's outcome. The biggest collection: written in batches, deleted by age (retention). */
export const checkResultSchema = new Schema(
  {
    monitorId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    checkedAt: { type: Date, required: true },
    status: { type: String, enum: checkStatuses, required: true },
    responseTimeMs: { type: Number, default: null },
    httpStatus: { type: Number, default: null },
    reason: { type: String, required: true },
    errorCode: { type: String, default: null },
    certificateExpiresAt: { type: Date, default: null },
  },
  { collection: "check_results", versionKey: false },
);

// A monitor's history, newest first, for a time range; `_id` breaks ties so cursor pages follow the index.
checkResultSchema.index({ monitorId: 1, checkedAt: -1, _id: -1 });
// Retention deletes by age, in batches.
checkResultSchema.index({ checkedAt: 1 });
// A user's recent results across monitors, and the account purge.
checkResultSchema.index({ userId: 1, checkedAt: -1 });

export type CheckResultDocument = InferSchemaType<typeof checkResultSchema>;

export function checkResultModel(connection: Connection) {
  return connection.model("CheckResult", checkResultSchema);
}
