import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * One fixed-window counter: `_id` is `<rule>:<subject hash>:<window start>`, `count` the hits in that
 * window. Counters past `expiresAt` are dead and deleted by the scheduler.
 */
export const rateLimitSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: "rate_limits", versionKey: false },
);

rateLimitSchema.index({ expiresAt: 1 });

export type RateLimit = InferSchemaType<typeof rateLimitSchema>;

export function rateLimitModel(connection: Connection) {
  return connection.model("RateLimit", rateLimitSchema);
}
