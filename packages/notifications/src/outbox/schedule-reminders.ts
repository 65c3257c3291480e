import type { Database } from "@pingpilot/db";
import { insertNew, rawCollection } from "@pingpilot/db";
import { type ChannelType, type Clock, monitorEventKeys, type ReminderNotification } from "@pingpilot/domain";
import type { Types } from "mongoose";
import type { MaintenanceWindows } from "./alert-policy.ts";
import { monitorRefOf } from "./monitor-ref.ts";
import { type DeliveryInsert, eventDeliveryId, newDelivery } from "./new-delivery.ts";

export interface ReminderDeps {
  db: Database;
  clock: Clock;
  maintenance: MaintenanceWindows;
}

/** `reminder:<incidentId>:<channelId>:<n>`: the n-th reminder of an incident on a channel, created once. */
export function reminderDeliveryId(incidentId: Types.ObjectId, channelId: Types.ObjectId, n: number): string {
  return `reminder:${incidentId.toString()}:${channelId.toString()}:${n}`;
}

interface Candidate {
  id: string;
  incident: { _id: Types.ObjectId; monitorId: Types.ObjectId; startedAt: Date; lastError: string };
  channel: { _id: Types.ObjectId; userId: Types.ObjectId; type: string };
}

/** The candidates (by id) whose incident's opening alert on the same channel went into a storm message. */
async function stormyCandidates(db: Database, candidates: readonly Candidate[]): Promise<Set<string>> {
  const keys = [...new Set(candidates.map((c) => monitorEventKeys.incidentOpened(c.incident._id)))];
  const openings = await db.models.MonitorEvent.find({ dedupeKey: { $in: keys } }, { incidentId: 1 }).lean();
  const openingOf = new Map(openings.map((opening) => [String(opening.incidentId), opening._id]));
  const candidateOf = new Map<string, string>();
  for (const candidate of candidates) {
    const opening = openingOf.get(candidate.incident._id.toString());
    if (opening) candidateOf.set(eventDeliveryId(opening, candidate.channel._id), candidate.id);
  }
  if (candidateOf.size === 0) return new Set();
  const grouped = await db.models.NotificationDelivery.find(
    { _id: { $in: [...candidateOf.keys()] }, status: { $in: ["held", "grouped"] } },
    { _id: 1 },
  ).lean();
  return new Set(grouped.map((delivery) => candidateOf.get(delivery._id) ?? ""));
}

/**
 * Reminders while incidents stay open, for channels that ask for them (`reminderIntervalMinutes`; off
 * by default): the n-th reminder is due n intervals after the incident opened. Each is a delivery
 * whose `_id` names the incident, channel and n, so it is created once whoever runs this and however
 * often. Reminders of incidents announced in a storm message are held for the next one.
 */
export async function scheduleReminders(deps: ReminderDeps): Promise<number> {
  const { db } = deps;
  const channels = await db.models.NotificationChannel.find(
    { reminderIntervalMinutes: { $gt: 0 } },
    { userId: 1, type: 1, reminderIntervalMinutes: 1 },
  ).lean();
  if (channels.length === 0) return 0;
  const now = deps.clock.now();
  const collection = rawCollection<DeliveryInsert>(db.models.NotificationDelivery);
  let created = 0;

  const byUser = new Map<string, typeof channels>();
  for (const channel of channels)
    byUser.set(channel.userId.toString(), [...(byUser.get(channel.userId.toString()) ?? []), channel]);
  for (const [userId, userChannels] of byUser) {
    const incidents = await db.models.Incident.find(
      { userId, status: "open" },
      { monitorId: 1, startedAt: 1, lastError: 1 },
    ).lean();
    if (incidents.length === 0) continue;
    const monitors = await db.models.Monitor.find(
      { _id: { $in: incidents.map((incident) => incident.monitorId) }, paused: false },
      { name: 1, type: 1, config: 1, channelIds: 1 },
    ).lean();
    const monitorById = new Map(monitors.map((monitor) => [monitor._id.toString(), monitor]));

    const candidates: Candidate[] = [];
    for (const incident of incidents) {
      const monitor = monitorById.get(incident.monitorId.toString());
      if (!monitor) continue;
      const subscribed = new Set((monitor.channelIds ?? []).map(String));
      for (const channel of userChannels) {
        const intervalMs = (channel.reminderIntervalMinutes ?? 0) * 60_000;
        const n = Math.floor((now.getTime() - incident.startedAt.getTime()) / intervalMs);
        if (!subscribed.has(channel._id.toString()) || n < 1) continue;
        candidates.push({ id: reminderDeliveryId(incident._id, channel._id, n), incident, channel });
      }
    }
    if (candidates.length === 0) continue;
    const existing = new Set(
      (await db.models.NotificationDelivery.find({ _id: { $in: candidates.map((c) => c.id) } }, { _id: 1 }).lean()).map(
        (delivery) => delivery._id,
      ),
    );
    const fresh = candidates.filter((candidate) => !existing.has(candidate.id));
    if (fresh.length === 0) continue;
    const stormy = await stormyCandidates(db, fresh);
    const user = await db.models.User.findById(userId, { timezone: 1 }).lean();
    const docs: DeliveryInsert[] = [];
    for (const candidate of fresh) {
      const monitor = monitorById.get(candidate.incident.monitorId.toString());
      if (!monitor) continue;
      const suppressed = await deps.maintenance.isSuppressed({ userId, monitorId: monitor._id.toString(), at: now });
      const message: ReminderNotification = {
        kind: "reminder",
        at: now,
        timezone: user?.timezone ?? "UTC",
        monitor: monitorRefOf(monitor),
        incident: {
          id: candidate.incident._id.toString(),
          startedAt: candidate.incident.startedAt,
          lastError: candidate.incident.lastError,
        },
      };
      const held = stormy.has(candidate.id);
      docs.push(
        newDelivery(
          {
            _id: candidate.id,
            userId: candidate.channel.userId,
            channelId: candidate.channel._id,
            channelType: candidate.channel.type as ChannelType,
            kind: "reminder",
            monitorId: monitor._id,
            incidentId: candidate.incident._id,
            occurredAt: now,
            message,
            status: suppressed ? "suppressed" : held ? "held" : "pending",
          },
          now,
        ),
      );
    }
    created += (await insertNew(collection, docs)).length;
  }
  return created;
}
