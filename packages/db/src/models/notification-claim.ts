import { type Connection, type InferSchemaType, Schema } from "mongoose";

/**
 * One sender's claim on one attempt of one delivery. Inserting it *is* the claim: `_id` is
 * `<deliveryId>#<attempt>`, so of any number of scheduler instances exactly one wins, on MongoDB and on
 * FerretDB (whose updates are not atomic across connections, so a conditional update could let two
 * win). The winner sends and then records the outcome on the delivery. When a claim expires without an
 * outcome (its sender died), the next sender inserts the next attempt number.
 */
export const notificationClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    deliveryId: { type: String, required: true },
    attempt: { type: Number, required: true },
    owner: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: "notification_claims", versionKey: false },
);

// Clean-up of old claims by age.
notificationClaimSchema.index({ expiresAt: 1 });

export function notificationClaimId(deliveryId: string, attempt: number): string {
  return `${deliveryId}#${attempt}`;
}

export type NotificationClaimDocument = InferSchemaType<typeof notificationClaimSchema>;

export function notificationClaimModel(connection: Connection) {
  return connection.model("NotificationClaim", notificationClaimSchema);
}
