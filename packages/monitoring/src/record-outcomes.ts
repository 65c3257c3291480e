import {
  bulkWriteInChunks,
  type Database,
  dailySummaryWriteOps,
  freeLease,
  isDuplicateKeyError,
  monitorStateOf,
} from "@pingpilot/db";
import {
  applyCheckOutcome,
  type CheckResult,
  type Clock,
  dayKey,
  LATENCY_BUCKET_COUNT,
  type MonitorTransition,
  shouldWarnAboutCertificate,
} from "@pingpilot/domain";
import { Types } from "mongoose";
import { openIncident, resolveIncident, touchIncident } from "./incidents.ts";
import {
  certificateExpiringEvent,
  incidentOpenedEvent,
  incidentResolvedEvent,
  type NewMonitorEvent,
} from "./monitor-events.ts";
import type { MonitorSnapshot, OutcomeToRecord, RecordedOutcome, ScheduleUpdate } from "./outcome-to-record.ts";
import { type SummaryDeltas, summaryDeltas } from "./summary-deltas.ts";
import { type TimezonesOf, userTimezones } from "./user-timezones.ts";

type MonitorOps = Parameters<Database["models"]["Monitor"]["bulkWrite"]>[0];
type SummaryOps = ReturnType<typeof dailySummaryWriteOps>;

const maxDowntimeStepSeconds = 86_400;

/** Step: the state machine on one outcome. */
function transitionOf(monitor: MonitorSnapshot, item: OutcomeToRecord): MonitorTransition {
  const { result } = item;
  return applyCheckOutcome(
    monitorStateOf(monitor),
    {
      status: result.status,
      reason: result.reason,
      errorCode: result.errorCode,
      checkedAt: result.checkedAt,
      ...(item.openImmediately ? { openImmediately: true } : {}),
    },
    { retriesBeforeIncident: monitor.retriesBeforeIncident, successesBeforeResolve: monitor.successesBeforeResolve },
  );
}

/** Seconds of downtime a check adds: the time since the previous check, when the monitor was down through it. */
function downtimeStep(monitor: MonitorSnapshot, checkedAt: Date): number {
  if (!monitor.openIncidentId || !monitor.lastCheckedAt) return 0;
  const elapsed = (checkedAt.getTime() - monitor.lastCheckedAt.getTime()) / 1000;
  const cap = monitor.type === "heartbeat" ? maxDowntimeStepSeconds : monitor.intervalSeconds * 2;
  return Math.max(0, Math.min(elapsed, cap));
}

/**
 * Step: the transition's incident changes (open, resolve, or keep the open one's latest error), each
 * with its event. Returns the monitor's open incident afterwards.
 */
async function applyIncidentChanges(
  db: Database,
  monitor: MonitorSnapshot,
  transition: MonitorTransition,
  result: CheckResult,
  events: NewMonitorEvent[],
): Promise<Types.ObjectId | null> {
  const subject = { monitorId: monitor._id, userId: monitor.userId };
  let incidentId = monitor.openIncidentId ?? null;
  for (const event of transition.events) {
    if (event.type === "incident_opened") {
      const incident = await openIncident(db, {
        ...subject,
        at: event.at,
        reason: event.reason,
        errorCode: event.errorCode,
      });
      events.push(incidentOpenedEvent(subject, incident, event));
      incidentId = incident._id;
    } else if (incidentId) {
      const resolved = await resolveIncident(db, incidentId, event.at);
      if (resolved) events.push(incidentResolvedEvent(subject, resolved, event.at));
      incidentId = null;
    }
  }
  if (transition.events.length === 0 && incidentId && result.status === "down") {
    await touchIncident(db, incidentId, result.reason);
  }
  return incidentId;
}

/** Step: a certificate within the monitor's warning days, not warned about yet, gets its one event. */
function certificateWarning(monitor: MonitorSnapshot, result: CheckResult, events: NewMonitorEvent[]): Date | null {
  const warnedFor = monitor.certificateWarnedFor ?? null;
  if (
    !result.certificate ||
    !shouldWarnAboutCertificate({
      certificate: result.certificate,
      warningDays: Number(monitor.config.tlsExpiryWarningDays ?? 0),
      now: result.checkedAt,
      lastWarnedExpiresAt: warnedFor,
    })
  ) {
    return warnedFor;
  }
  events.push(
    certificateExpiringEvent({ monitorId: monitor._id, userId: monitor.userId }, result.certificate, result.checkedAt),
  );
  return result.certificate.expiresAt;
}

/** The schedule fields to store: of the two candidate due times, the one the transition asks for. */
function scheduleFields(schedule: ScheduleUpdate | undefined, transition: MonitorTransition) {
  if (!schedule) return {};
  const { nextDueAt, ...rest } = schedule;
  if (!nextDueAt) return rest;
  return { ...rest, nextDueAt: transition.recheckSoon ? nextDueAt.recheck : nextDueAt.onSchedule };
}

/** Step: the monitor's new state and schedule, as one update (conditional on the lease and `onlyIf`). */
function monitorUpdate(
  item: OutcomeToRecord,
  after: MonitorSnapshot,
  transition: MonitorTransition,
  now: Date,
): MonitorOps[number] {
  const { result } = item;
  const set = {
    status: transition.state.status,
    consecutiveFailures: transition.state.consecutiveFailures,
    consecutiveSuccesses: transition.state.consecutiveSuccesses,
    openIncidentId: after.openIncidentId ?? null,
    lastCheckedAt: result.checkedAt,
    lastResult: {
      status: result.status,
      responseTimeMs: result.responseTimeMs,
      httpStatus: result.httpStatus,
      reason: result.reason,
      errorCode: result.errorCode,
      checkedAt: result.checkedAt,
    },
    ...(result.certificate ? { certificateExpiresAt: result.certificate.expiresAt } : {}),
    certificateWarnedFor: after.certificateWarnedFor ?? null,
    ...scheduleFields(item.schedule, transition),
    ...(item.leaseOwner ? { lease: freeLease() } : {}),
    updatedAt: now,
  };
  return {
    updateOne: {
      filter: {
        _id: after._id,
        ...(item.leaseOwner ? { "lease.owner": item.leaseOwner } : {}),
        ...item.onlyIf,
      },
      update: { $set: set },
    },
  };
}

/** Step: one batch insert of the raw results. */
async function insertResults(db: Database, items: readonly OutcomeToRecord[]): Promise<void> {
  await db.models.CheckResult.insertMany(
    items.map(({ monitor, result, resultId }) => ({
      ...(resultId ? { _id: resultId } : {}),
      monitorId: monitor._id,
      userId: monitor.userId,
      checkedAt: result.checkedAt,
      status: result.status,
      responseTimeMs: result.responseTimeMs,
      httpStatus: result.httpStatus,
      reason: result.reason,
      errorCode: result.errorCode,
      certificateExpiresAt: result.certificate?.expiresAt ?? null,
    })),
    { ordered: false },
  ).catch((error: unknown) => {
    // A retried batch (its results' `_id`s fixed by the caller) stores each result once.
    if (!isDuplicateKeyError(error)) throw error;
  });
}

/** Step: one batch insert of the events; one already stored (same dedupe key) is no error. */
async function insertEvents(db: Database, events: readonly NewMonitorEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.models.MonitorEvent.insertMany(events, { ordered: false }).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
}

/**
 * Records check outcomes, the whole data path after a check, in named steps: raw results (one batch
 * insert); per outcome, in order, the state machine, incident changes, a certificate warning, the
 * monitor's update and its summary delta; then the events (one batch insert, deduplicated by key), the
 * monitors (one bulk write) and the owners' daily summaries (`$inc`/`$min`/`$max`, bulk writes).
 */
export function createOutcomeRecorder(deps: { db: Database; clock: Clock; timezonesOf?: TimezonesOf }) {
  const { db } = deps;
  const timezonesOf = deps.timezonesOf ?? userTimezones(db, deps.clock);
  /** Days this process has already made sure exist: their create-if-missing step can be skipped. */
  const knownDays = new Set<string>();

  return async function recordOutcomes(items: readonly OutcomeToRecord[]): Promise<RecordedOutcome[]> {
    if (items.length === 0) return [];
    await insertResults(db, items);
    const zones = await timezonesOf(items.map((item) => String(item.monitor.userId)));
    const current = new Map<string, MonitorSnapshot>();
    const monitorOps: MonitorOps = [];
    const events: NewMonitorEvent[] = [];
    const summaries = summaryDeltas();
    const recorded: RecordedOutcome[] = [];

    for (const item of items) {
      const id = String(item.monitor._id);
      // A batch may hold several outcomes of one monitor: each starts from the state the previous left.
      const monitor = current.get(id) ?? item.monitor;
      const { result } = item;
      const transition = transitionOf(monitor, item);
      const incidentId = await applyIncidentChanges(db, monitor, transition, result, events);
      const after: MonitorSnapshot = {
        ...monitor,
        ...transition.state,
        openIncidentId: transition.state.incidentOpen ? incidentId : null,
        lastCheckedAt: result.checkedAt,
        certificateWarnedFor: certificateWarning(monitor, result, events),
      };
      monitorOps.push(monitorUpdate(item, after, transition, deps.clock.now()));
      const timezone = zones.get(String(monitor.userId)) ?? "UTC";
      summaries.add({
        monitorId: id,
        userId: String(monitor.userId),
        day: dayKey(result.checkedAt, timezone),
        timezone,
        result,
        downtimeSeconds: downtimeStep(monitor, result.checkedAt),
      });
      current.set(id, after);
      recorded.push({ monitorId: id, transition, incidentId: incidentId ? String(incidentId) : null });
    }

    await insertEvents(db, events);
    // Ordered: on MongoDB the same single round trip; on FerretDB about twice as fast as unordered (measured).
    await bulkWriteInChunks(db.models.Monitor, monitorOps, { ordered: true });
    await writeSummaries(summaries);
    return recorded;
  };

  /** Step: the daily summaries, creating missing days first, then one increment per monitor and day. */
  async function writeSummaries(summaries: SummaryDeltas): Promise<void> {
    const entries = summaries.entries();
    const creates: SummaryOps = [];
    const increments: SummaryOps = [];
    for (const entry of entries) {
      const [create, increment] = dailySummaryWriteOps(
        {
          monitorId: new Types.ObjectId(entry.monitorId),
          userId: new Types.ObjectId(entry.userId),
          day: entry.day,
          timezone: entry.timezone,
        },
        entry.delta,
        LATENCY_BUCKET_COUNT,
      );
      if (create && !knownDays.has(`${entry.monitorId}:${entry.day}`)) creates.push(create);
      if (increment) increments.push(increment);
    }
    // Creating missing days is idempotent ($setOnInsert) and may race another writer (duplicate
    // key: the day exists, fine); the increments go after, once, so nothing is counted twice.
    if (creates.length > 0) {
      await bulkWriteInChunks(db.models.DailySummary, creates, { ordered: false, ignore: isDuplicateKeyError });
    }
    await bulkWriteInChunks(db.models.DailySummary, increments, { ordered: true });
    if (knownDays.size > 200_000) knownDays.clear();
    for (const entry of entries) knownDays.add(`${entry.monitorId}:${entry.day}`);
  }
}

export type RecordOutcomes = ReturnType<typeof createOutcomeRecorder>;
