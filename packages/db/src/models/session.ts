import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * One login: the family its rotating refresh tokens belong to. `expiresAt` slides forward on each
 * refresh, never past `absoluteExpiresAt`. Revoking the session revokes every token of the family.
 */
export const sessionSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    absoluteExpiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    /** Why it ended: logout, logout_all, revoked, refresh_token_reuse, password_reset, ... */
    revokedReason: { type: String, default: null },
    ip: { type: String, default: null },
    userAgent: { type: String, default: null },
  },
  { collection: "sessions", versionKey: false },
);

sessionSchema.index({ userId: 1, lastUsedAt: -1 });
sessionSchema.index({ absoluteExpiresAt: 1 });

export type Session = InferSchemaType<typeof sessionSchema>;

export function sessionModel(connection: Connection) {
  return connection.model("Session", sessionSchema);
}
