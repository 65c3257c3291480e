import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * Something security-relevant happened to an account: a refresh token was reused, the password was
 * reset or changed, an admin disabled the user. For audits and for telling the user.
 */
export const securityEventSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true },
    sessionId: { type: Schema.Types.ObjectId, default: null },
    ip: { type: String, default: null },
    userAgent: { type: String, default: null },
    /** Who did it, when it was not the user (an admin's id). */
    actorId: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: "security_events", versionKey: false },
);

securityEventSchema.index({ userId: 1, createdAt: -1 });
securityEventSchema.index({ type: 1, createdAt: -1 });

export type SecurityEvent = InferSchemaType<typeof securityEventSchema>;

export function securityEventModel(connection: Connection) {
  return connection.model("SecurityEvent", securityEventSchema);
}
