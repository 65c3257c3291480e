import type { ChannelType, DeliveryKind, DeliveryStatus, Notification } from "@pingpilot/domain";
import type { Types } from "mongoose";

/** A delivery document as it is inserted (every field set: raw inserts skip Mongoose's defaults). */
export interface DeliveryInsert {
  _id: string;
  userId: Types.ObjectId;
  channelId: Types.ObjectId | null;
  channelType: ChannelType;
  kind: DeliveryKind;
  eventId: Types.ObjectId | null;
  monitorId: Types.ObjectId | null;
  incidentId: Types.ObjectId | null;
  occurredAt: Date;
  message: Notification;
  status: DeliveryStatus;
  groupId: string | null;
  memberIds?: string[];
  stormSeq: number | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  log: never[];
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function newDelivery(
  fields: Pick<DeliveryInsert, "_id" | "userId" | "channelId" | "channelType" | "kind" | "occurredAt" | "message"> &
    Partial<Pick<DeliveryInsert, "eventId" | "monitorId" | "incidentId" | "memberIds" | "stormSeq">> & {
      status: "pending" | "held" | "suppressed";
    },
  now: Date,
): DeliveryInsert {
  return {
    eventId: null,
    monitorId: null,
    incidentId: null,
    stormSeq: null,
    groupId: null,
    attempts: 0,
    nextAttemptAt: fields.status === "pending" ? now : null,
    lastError: null,
    log: [],
    sentAt: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

/** `<eventId>:<channelId>`: one delivery per event and channel, whoever creates it and however often. */
export function eventDeliveryId(eventId: Types.ObjectId | string, channelId: Types.ObjectId | string): string {
  return `${eventId.toString()}:${channelId.toString()}`;
}
