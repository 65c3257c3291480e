import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * A refresh token, stored only as its SHA-256 hash (`_id`, hex). A token is used once: refreshing issues
 * a successor in the same session with the next `generation` and sets `rotatedAt`. The unique
 * (sessionId, generation) index makes that swap atomic on any MongoDB-protocol server: of two refreshes
 * racing with one token, only one can insert the successor. A rotated token presented again is a reuse:
 * the whole session is revoked. Rotated tokens are kept until `expiresAt` (the session's absolute end)
 * so that reuse can still be recognised.
 */
export const refreshTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    /** 0 for the login's token, +1 per refresh. */
    generation: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    rotatedAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: "refresh_tokens", versionKey: false },
);

refreshTokenSchema.index({ sessionId: 1, generation: 1 }, { unique: true });
refreshTokenSchema.index({ userId: 1 });
refreshTokenSchema.index({ expiresAt: 1 });

export type RefreshToken = InferSchemaType<typeof refreshTokenSchema>;

export function refreshTokenModel(connection: Connection) {
  return connection.model("RefreshToken", refreshTokenSchema);
}
