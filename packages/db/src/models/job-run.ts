import { jobRunStatuses } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/** One execution of a scheduler job: who ran it, when, how it ended, and what it counted. */
export const jobRunSchema = new Schema(
  {
    job: { type: String, required: true },
    instance: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
    status: { type: String, enum: jobRunStatuses, required: true },
    error: { type: String, default: null },
    counts: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: "job_runs", versionKey: false },
);

jobRunSchema.index({ job: 1, startedAt: -1 });
jobRunSchema.index({ startedAt: 1 });

export type JobRun = InferSchemaType<typeof jobRunSchema>;

export function jobRunModel(connection: Connection) {
  return connection.model("JobRun", jobRunSchema);
}
