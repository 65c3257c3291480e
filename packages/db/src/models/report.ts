import { reportKinds } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * A user's weekly (or monthly) report, computed once from daily summaries and incidents after its
 * period ended. `_id` is `<userId>:<kind>:<first day>`, so generating it twice stores it once.
 * `figures` holds @pingpilot/domain's ReportFigures.
 */
export const reportSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: reportKinds, required: true },
    timezone: { type: String, required: true },
    periodStart: { type: Date, required: true },
    periodEnd: { type: Date, required: true },
    /** First and last calendar day of the period in `timezone` ("YYYY-MM-DD"). */
    firstDay: { type: String, required: true },
    lastDay: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    generatedAt: { type: Date, required: true },
  },
  { collection: "reports", versionKey: false, minimize: false },
);

// The API: a user's reports, newest first.
reportSchema.index({ userId: 1, periodStart: -1, _id: -1 });

export function reportId(userId: string, kind: "weekly" | "monthly", firstDay: string): string {
  return `${userId}:${kind}:${firstDay}`;
}

export type ReportDocument = Omit<InferSchemaType<typeof reportSchema>, "figures"> & {
  figures: Record<string, unknown>;
};

export function reportModel(connection: Connection) {
  return connection.model<ReportDocument>("Report", reportSchema);
}
