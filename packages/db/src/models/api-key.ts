import { apiKeyScopeSchema } from "@pingpilot/domain";
import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * An API key for scripts and CI. The key (`pp_<_id>_<secret>`) is shown once; only the SHA-256 hash of
 * its secret is stored. `lastUsedAt` is updated at most once a minute.
 */
export const apiKeySchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    scope: { type: String, enum: apiKeyScopeSchema.options, required: true },
    secretHash: { type: String, required: true },
    /** The first characters of the key, for telling keys apart in a list. */
    preview: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: "api_keys", versionKey: false },
);

apiKeySchema.index({ userId: 1, createdAt: -1 });

export type ApiKey = InferSchemaType<typeof apiKeySchema>;

export function apiKeyModel(connection: Connection) {
  return connection.model("ApiKey", apiKeySchema);
}
