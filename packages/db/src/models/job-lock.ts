import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * One generation of a named lock: the job runner holds one per running job so that no two scheduler
 * processes run the same job at once. `_id` is `<name>:<generation>`; the newest generation of a
 * name is the lock. Taking a free (expired or released) lock inserts the next generation, which the
 * unique `_id` makes exclusive on any server — FerretDB included, where conditional updates and
 * deletes are not atomic across connections.
 */
export const jobLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    generation: { type: Number, required: true },
    owner: { type: String, required: true },
    acquiredAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: "job_locks", versionKey: false },
);

jobLockSchema.index({ name: 1, generation: -1 });

export type JobLock = InferSchemaType<typeof jobLockSchema>;

export function jobLockModel(connection: Connection) {
  return connection.model("JobLock", jobLockSchema);
}
