import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * A password-reset token, stored only as its SHA-256 hash (`_id`, hex); short-lived and single use:
 * using it deletes it.
 */
export const passwordResetSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: "password_resets", versionKey: false },
);

passwordResetSchema.index({ userId: 1 });
passwordResetSchema.index({ expiresAt: 1 });

export type PasswordReset = InferSchemaType<typeof passwordResetSchema>;

export function passwordResetModel(connection: Connection) {
  return connection.model("PasswordReset", passwordResetSchema);
}
