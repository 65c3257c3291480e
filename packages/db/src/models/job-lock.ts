import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * A named lock with an expiry: the job runner holds one per running job so that no two
 * scheduler processes run the same job at once. `_id` is the job name.
 */
export const jobLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    acquiredAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: "job_locks", versionKey: false },
);

export type JobLock = InferSchemaType<typeof jobLockSchema>;

export function jobLockModel(connection: Connection) {
  return connection.model("JobLock", jobLockSchema);
}
