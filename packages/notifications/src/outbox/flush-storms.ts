import type { Database } from "@pingpilot/db";
import { insertNew, rawCollection } from "@pingpilot/db";
import type { ChannelType, Clock, StormNotification } from "@pingpilot/domain";
import type { Types } from "mongoose";
import type { StormRule } from "./alert-policy.ts";
import { type DeliveryInsert, newDelivery } from "./new-delivery.ts";
import { storedGroupableNotification } from "./stored-message.ts";

export interface StormFlushDeps {
  db: Database;
  clock: Clock;
  storm: StormRule;
  /** Held alerts looked at per run. */
  limit: number;
}

interface HeldDelivery {
  _id: string;
  userId: Types.ObjectId;
  channelId: Types.ObjectId | null;
  channelType: string;
  occurredAt: Date;
  message: unknown;
}

interface StormDelivery {
  _id: string;
  memberIds?: string[] | null;
  stormSeq?: number | null;
  createdAt: Date;
}

export function stormDeliveryId(channelId: Types.ObjectId | string, seq: number): string {
  return `storm:${channelId.toString()}:${seq}`;
}

/** Marks a storm message's members as carried by it. Idempotent: re-running it after a crash is harmless. */
async function markGrouped(deps: StormFlushDeps, storm: StormDelivery): Promise<number> {
  const members = storm.memberIds ?? [];
  if (members.length === 0) return 0;
  const result = await deps.db.models.NotificationDelivery.updateMany(
    { _id: { $in: members }, status: "held" },
    { $set: { status: "grouped", groupId: storm._id, updatedAt: deps.clock.now() } },
  );
  return result.modifiedCount;
}

/**
 * Step two of the outbox: held alerts (storm control) become one grouped message per channel.
 *
 * A channel's storm messages are numbered: `storm:<channelId>:<n>`. Inserting message n fixes its
 * members (every alert of the channel held at that moment); the unique `_id` makes that exact even
 * with two schedulers flushing at once (the loser adopts the winner's members). The members are then
 * marked `grouped` — first thing on every run too, for the latest message, so a crash between the
 * insert and the marking neither loses an alert nor sends it twice. Alerts held later wait for the
 * next message, at most one per channel per storm window; nothing is ever dropped.
 */
export async function flushStorms(deps: StormFlushDeps): Promise<{ stormMessages: number; grouped: number }> {
  const { db } = deps;
  const held = (await db.models.NotificationDelivery.find(
    { status: "held" },
    { userId: 1, channelId: 1, channelType: 1, occurredAt: 1, message: 1 },
  )
    .sort({ occurredAt: 1, _id: 1 })
    .limit(deps.limit)
    .lean()) as HeldDelivery[];
  const byChannel = new Map<string, HeldDelivery[]>();
  for (const delivery of held) {
    if (!delivery.channelId) continue;
    const key = delivery.channelId.toString();
    byChannel.set(key, [...(byChannel.get(key) ?? []), delivery]);
  }

  let stormMessages = 0;
  let grouped = 0;
  const now = deps.clock.now();
  const collection = rawCollection<DeliveryInsert>(db.models.NotificationDelivery);
  for (const [channelId, members] of byChannel) {
    const latest = (await db.models.NotificationDelivery.findOne(
      { channelId, stormSeq: { $gt: 0 } },
      { memberIds: 1, stormSeq: 1, createdAt: 1 },
    )
      .sort({ stormSeq: -1 })
      .lean()) as StormDelivery | null;
    let waiting = members;
    if (latest) {
      grouped += await markGrouped(deps, latest);
      const taken = new Set(latest.memberIds ?? []);
      waiting = members.filter((member) => !taken.has(member._id));
      if (now.getTime() - latest.createdAt.getTime() < deps.storm.windowSeconds * 1000) continue;
    }
    const first = waiting[0];
    if (!first) continue;
    const seq = (latest?.stormSeq ?? 0) + 1;
    // A member whose stored message does not parse is still carried (marked grouped), just not listed.
    const items = waiting.flatMap((member) => storedGroupableNotification(member.message) ?? []);
    const message: StormNotification = { kind: "storm", at: now, timezone: items[0]?.timezone ?? "UTC", items };
    const candidate = newDelivery(
      {
        _id: stormDeliveryId(channelId, seq),
        userId: first.userId,
        channelId: first.channelId,
        channelType: first.channelType as ChannelType,
        kind: "storm",
        occurredAt: first.occurredAt,
        message,
        memberIds: waiting.map((member) => member._id),
        stormSeq: seq,
        status: "pending",
      },
      now,
    );
    const inserted = await insertNew(collection, [candidate]);
    const storm: StormDelivery | null = inserted.length
      ? candidate
      : ((await db.models.NotificationDelivery.findById(candidate._id, {
          memberIds: 1,
        }).lean()) as StormDelivery | null);
    if (!storm) continue;
    if (inserted.length) stormMessages += 1;
    grouped += await markGrouped(deps, storm);
  }
  return { stormMessages, grouped };
}
