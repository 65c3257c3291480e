import { type Database, isDuplicateKeyError, notificationClaimId } from "@pingpilot/db";

export interface DeliveryClaim {
  deliveryId: string;
  /** 0-based: the attempt this claim is for (also counts attempts whose sender died). */
  attempt: number;
  expiresAt: Date;
}

/**
 * Claims the next attempt of a delivery for this sender by inserting `<deliveryId>#<attempt>` into
 * notification_claims: of any number of senders exactly one insert wins (a unique `_id` is exact on
 * MongoDB and on FerretDB, whose conditional updates are not). Starts at the delivery's recorded
 * attempts; when that claim exists and has expired (its sender died between claiming and recording),
 * the next number is tried, so a dead sender's attempt is retried after its lease. Null when someone
 * else holds a live claim. Every step reads or writes one document by `_id`.
 */
export async function claimDelivery(
  db: Database,
  input: { deliveryId: string; recordedAttempts: number; owner: string; now: Date; leaseMs: number; maxTries: number },
): Promise<DeliveryClaim | null> {
  const { NotificationClaim } = db.models;
  const expiresAt = new Date(input.now.getTime() + input.leaseMs);
  for (let attempt = input.recordedAttempts; attempt < input.recordedAttempts + input.maxTries; attempt++) {
    const _id = notificationClaimId(input.deliveryId, attempt);
    try {
      await NotificationClaim.create({
        _id,
        deliveryId: input.deliveryId,
        attempt,
        owner: input.owner,
        claimedAt: input.now,
        expiresAt,
      });
      return { deliveryId: input.deliveryId, attempt, expiresAt };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await NotificationClaim.findById(_id, { expiresAt: 1 }).lean();
      if (holder && holder.expiresAt.getTime() > input.now.getTime()) return null;
    }
  }
  return null;
}

/** Gives back a claim that was not used (the delivery turned out not to be due): the attempt is free again. */
export async function releaseClaim(db: Database, claim: DeliveryClaim, owner: string): Promise<void> {
  await db.models.NotificationClaim.deleteOne({ _id: notificationClaimId(claim.deliveryId, claim.attempt), owner });
}
