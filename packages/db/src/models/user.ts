import { userRoleSchema } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * An account. `email` is stored lower-cased and unique. `deletingAt` marks an account whose deletion has
 * started: it locks the owner out at once, and the purge (resumed by the scheduler) removes everything
 * the user owns before the user document itself.
 */
export const userSchema = new Schema(
  {
    email: { type: String, required: true },
    passwordHash: { type: String, required: true },
    name: { type: String, default: null },
    /** IANA time zone for summaries and reports. */
    timezone: { type: String, required: true, default: "UTC" },
    /** Where alerts go; null means `email`. */
    notificationEmail: { type: String, default: null },
    role: { type: String, enum: userRoleSchema.options, required: true, default: "user" },
    disabledAt: { type: Date, default: null },
    deletingAt: { type: Date, default: null },
    passwordChangedAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "users", versionKey: false },
);

userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ deletingAt: 1 });

export type User = InferSchemaType<typeof userSchema>;

export function userModel(connection: Connection) {
  return connection.model("User", userSchema);
}
