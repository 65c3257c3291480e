import type { Database, MonitorEventDocument } from "@pingpilot/db";
import { insertNew, rawCollection } from "@pingpilot/db";
import { type ChannelType, type Clock, monitorEventKeys } from "@pingpilot/domain";
import type { Types } from "mongoose";
import { isStorm, type MaintenanceWindows, type StormRule } from "./alert-policy.ts";
import { eventNotification, parseEventBody } from "./event-notification.ts";
import { monitorRefOf } from "./monitor-ref.ts";
import { type DeliveryInsert, eventDeliveryId, newDelivery } from "./new-delivery.ts";

export interface FanOutDeps {
  db: Database;
  clock: Clock;
  batchSize: number;
  storm: StormRule;
  maintenance: MaintenanceWindows;
}

export interface FanOutCounts {
  events: number;
  deliveries: number;
  held: number;
  suppressed: number;
}

type StoredEvent = MonitorEventDocument & { _id: Types.ObjectId };

/** When each user's incidents opened around the batch's events (for the storm rule). */
async function openedTimesByUser(deps: FanOutDeps, events: readonly StoredEvent[]): Promise<Map<string, Date[]>> {
  const windowMs = deps.storm.windowSeconds * 1000;
  const byUser = new Map<string, { userId: Types.ObjectId; min: number; max: number }>();
  for (const event of events) {
    if (event.type !== "incident_opened") continue;
    const key = event.userId.toString();
    const at = event.occurredAt.getTime();
    const range = byUser.get(key);
    if (range) {
      range.min = Math.min(range.min, at);
      range.max = Math.max(range.max, at);
    } else byUser.set(key, { userId: event.userId, min: at, max: at });
  }
  const result = new Map<string, Date[]>();
  for (const [key, range] of byUser) {
    const opened = await deps.db.models.MonitorEvent.find(
      {
        userId: range.userId,
        occurredAt: { $gte: new Date(range.min - windowMs), $lte: new Date(range.max + windowMs) },
        type: "incident_opened",
      },
      { occurredAt: 1 },
    ).lean();
    result.set(
      key,
      opened.map((event) => event.occurredAt),
    );
  }
  return result;
}

/**
 * How each recovery's opening alert went out, per channel: `<incidentId>:<channelId>` → the opening
 * delivery's status, for the openings that were held or grouped (storm) or suppressed (maintenance).
 * Looked up by the opening deliveries' `_id`s.
 */
async function openingStatuses(
  deps: FanOutDeps,
  events: readonly StoredEvent[],
  channelsOf: (event: StoredEvent) => string[],
): Promise<Map<string, string>> {
  const resolved = events.filter((event) => event.type === "incident_resolved" && event.incidentId);
  if (resolved.length === 0) return new Map();
  const openings = await deps.db.models.MonitorEvent.find(
    { dedupeKey: { $in: resolved.map((event) => monitorEventKeys.incidentOpened(String(event.incidentId))) } },
    { incidentId: 1 },
  ).lean();
  const openingOf = new Map(openings.map((opening) => [String(opening.incidentId), opening._id.toString()]));
  const candidates = new Map<string, string>();
  for (const event of resolved) {
    const openingId = openingOf.get(String(event.incidentId));
    if (!openingId) continue;
    for (const channelId of channelsOf(event)) {
      candidates.set(eventDeliveryId(openingId, channelId), `${String(event.incidentId)}:${channelId}`);
    }
  }
  if (candidates.size === 0) return new Map();
  const found = await deps.db.models.NotificationDelivery.find(
    { _id: { $in: [...candidates.keys()] }, status: { $in: ["held", "grouped", "suppressed"] } },
    { status: 1 },
  ).lean();
  return new Map(found.map((delivery) => [candidates.get(delivery._id) ?? "", delivery.status]));
}

/**
 * Step one of the outbox: turns undispatched monitor events into deliveries, one per event and channel
 * of its monitor (`_id` = `<eventId>:<channelId>`, so a re-run after a crash creates nothing twice),
 * then marks the events dispatched. Alert policy applied here: events inside a maintenance window (and
 * recoveries of incidents whose opening was suppressed) are stored as `suppressed`; incident openings
 * that are part of a storm (and recoveries of incidents whose opening was) are `held` for one grouped
 * message per channel instead of being sent one by one.
 */
export async function fanOutEvents(deps: FanOutDeps): Promise<FanOutCounts> {
  const { db } = deps;
  const stored = (await db.models.MonitorEvent.find({ dispatchedAt: null })
    .sort({ occurredAt: 1, _id: 1 })
    .limit(deps.batchSize)
    .lean()) as StoredEvent[];
  if (stored.length === 0) return { events: 0, deliveries: 0, held: 0, suppressed: 0 };
  // Parsed once, here: an event that does not match its type's payload is marked dispatched unsent
  // rather than blocking the outbox or sending a message with made-up fields.
  const events = stored.flatMap((event) => {
    const body = parseEventBody(event);
    return body ? [{ ...event, ...body }] : [];
  });
  const now = deps.clock.now();

  const monitors = await db.models.Monitor.find(
    { _id: { $in: [...new Set(events.map((event) => event.monitorId.toString()))] } },
    { userId: 1, name: 1, type: 1, config: 1, channelIds: 1 },
  ).lean();
  const monitorById = new Map(monitors.map((monitor) => [monitor._id.toString(), monitor]));
  const channelIds = [...new Set(monitors.flatMap((monitor) => (monitor.channelIds ?? []).map(String)))];
  const channels = channelIds.length
    ? await db.models.NotificationChannel.find({ _id: { $in: channelIds } }, { userId: 1, type: 1 }).lean()
    : [];
  const channelById = new Map(channels.map((channel) => [channel._id.toString(), channel]));
  const users = await db.models.User.find(
    { _id: { $in: [...new Set(events.map((event) => event.userId.toString()))] } },
    { timezone: 1 },
  ).lean();
  const timezoneOf = new Map(users.map((user) => [user._id.toString(), user.timezone ?? "UTC"]));
  const openedTimes = await openedTimesByUser(deps, events);
  const channelsOf = (event: StoredEvent): string[] =>
    (monitorById.get(event.monitorId.toString())?.channelIds ?? []).map(String);
  const openings = await openingStatuses(deps, events, channelsOf);

  const deliveries: DeliveryInsert[] = [];
  for (const event of events) {
    const monitor = monitorById.get(event.monitorId.toString());
    if (!monitor) continue; // deleted meanwhile: nobody to tell about it
    const targets = (monitor.channelIds ?? [])
      .map((id) => channelById.get(id.toString()))
      .filter((channel) => channel !== undefined && channel.userId.toString() === event.userId.toString());
    if (targets.length === 0) continue;
    const suppressed = await deps.maintenance.isSuppressed({
      userId: event.userId.toString(),
      monitorId: event.monitorId.toString(),
      at: event.occurredAt,
    });
    const stormy =
      event.type === "incident_opened" &&
      isStorm(event.occurredAt, openedTimes.get(event.userId.toString()) ?? [event.occurredAt], deps.storm);
    const message = eventNotification(event, monitorRefOf(monitor), timezoneOf.get(event.userId.toString()) ?? "UTC");
    for (const channel of targets) {
      if (!channel) continue;
      const incidentChannel = `${String(event.incidentId)}:${channel._id.toString()}`;
      const opening = event.type === "incident_resolved" ? openings.get(incidentChannel) : undefined;
      const status = suppressed || opening === "suppressed" ? "suppressed" : stormy || opening ? "held" : "pending";
      // An opening in this very batch decides for its recovery later in the batch too.
      if (event.type === "incident_opened" && status !== "pending") openings.set(incidentChannel, status);
      deliveries.push(
        newDelivery(
          {
            _id: eventDeliveryId(event._id, channel._id),
            userId: event.userId,
            channelId: channel._id,
            channelType: channel.type as ChannelType,
            kind: event.type,
            eventId: event._id,
            monitorId: event.monitorId,
            incidentId: event.incidentId ?? null,
            occurredAt: event.occurredAt,
            message,
            status,
          },
          now,
        ),
      );
    }
  }

  const collection = rawCollection<DeliveryInsert>(db.models.NotificationDelivery);
  const inserted = await insertNew(collection, deliveries);
  await db.models.MonitorEvent.updateMany(
    { _id: { $in: stored.map((event) => event._id) } },
    { $set: { dispatchedAt: now } },
  );
  return {
    events: stored.length,
    deliveries: inserted.length,
    held: inserted.filter((delivery) => delivery.status === "held").length,
    suppressed: inserted.filter((delivery) => delivery.status === "suppressed").length,
  };
}
