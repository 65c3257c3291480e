import { bulkWriteInChunks, type Database, dailySummaryWriteOps } from "@pingpilot/db";
import {
  applyCheckOutcome,
  type CheckResult,
  type Clock,
  certificateDaysRemaining,
  dayKey,
  LATENCY_BUCKET_COUNT,
  type MonitorState,
  type MonitorStatus,
  type MonitorTransition,
  shouldWarnAboutCertificate,
  type TransitionEvent,
} from "@pingpilot/domain";
import { Types } from "mongoose";
import { openIncident, resolveIncident, touchIncident } from "./incidents.ts";
import { summaryDeltas } from "./summary-deltas.ts";
import { type TimezonesOf, userTimezones } from "./user-timezones.ts";

/** The monitor fields recording needs (a lean monitor document has them all). */
export interface MonitorSnapshot {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  type: string;
  config: Record<string, unknown>;
  intervalSeconds: number;
  retriesBeforeIncident: number;
  successesBeforeResolve: number;
  status: MonitorStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  openIncidentId?: Types.ObjectId | null;
  lastCheckedAt?: Date | null;
  certificateWarnedFor?: Date | null;
}

export interface ScheduleUpdate {
  nextDueAt?: Date | null;
  deadlineAt?: Date | null;
  lastPingAt?: Date;
}

export interface OutcomeToRecord {
  monitor: MonitorSnapshot;
  result: CheckResult;
  /** A heartbeat `/fail` ping: open the incident now, whatever the retries. */
  openImmediately?: boolean;
  /** Schedule fields stored with the new state, chosen once the transition is known. */
  schedule?: (transition: MonitorTransition) => ScheduleUpdate;
  /** Update the monitor only while this scheduler instance still holds its lease, and release it. */
  leaseOwner?: string;
  /** Further conditions for the monitor update, e.g. the deadline a missed-heartbeat verdict is about. */
  onlyIf?: Record<string, unknown>;
  /**
   * The stored result's `_id`, chosen by the caller: writing the same outcome again (a retried batch,
   * or a result a crashed instance stored but did not finish recording) then stores it once.
   */
  resultId?: Types.ObjectId;
}

export interface RecordedOutcome {
  monitorId: string;
  transition: MonitorTransition;
  incidentId: string | null;
}

const releasedLease = { owner: null, expiresAt: new Date(0) };
const maxDowntimeStepSeconds = 86_400;

function isDuplicateKeyOnly(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: Array<{ code?: number }> }).writeErrors;
  if (Array.isArray(writeErrors)) return writeErrors.every((e) => e.code === 11000);
  return (error as { code?: number }).code === 11000;
}

function stateOf(monitor: MonitorSnapshot): MonitorState {
  return {
    status: monitor.status,
    consecutiveFailures: monitor.consecutiveFailures,
    consecutiveSuccesses: monitor.consecutiveSuccesses,
    incidentOpen: Boolean(monitor.openIncidentId),
  };
}

/** Seconds of downtime a check adds: the time since the previous check, when the monitor was down through it. */
function downtimeStep(monitor: MonitorSnapshot, before: MonitorState, checkedAt: Date): number {
  if (!before.incidentOpen || !monitor.lastCheckedAt) return 0;
  const elapsed = (checkedAt.getTime() - monitor.lastCheckedAt.getTime()) / 1000;
  const cap = monitor.type === "heartbeat" ? maxDowntimeStepSeconds : monitor.intervalSeconds * 2;
  return Math.max(0, Math.min(elapsed, cap));
}

/**
 * Records check outcomes, the whole data path after a check: raw results (one batch insert), the
 * state machine per monitor, incidents opened/updated/resolved, transition and certificate events
 * (stored for the notifications outbox, deduplicated by key), the monitor's new state and schedule
 * (one bulk write), and the owners' daily summaries (`$inc`/`$min`/`$max`, one bulk write).
 * Outcomes of one monitor are applied in order.
 */
export function createOutcomeRecorder(deps: { db: Database; clock: Clock; timezonesOf?: TimezonesOf }) {
  const { db } = deps;
  const timezonesOf = deps.timezonesOf ?? userTimezones(db, deps.clock);
  /** Days this process has already made sure exist: their create-if-missing step can be skipped. */
  const knownDays = new Set<string>();

  return async function recordOutcomes(items: readonly OutcomeToRecord[]): Promise<RecordedOutcome[]> {
    if (items.length === 0) return [];
    await db.models.CheckResult.insertMany(
      items.map((item) => ({
        ...(item.resultId ? { _id: item.resultId } : {}),
        monitorId: item.monitor._id,
        userId: item.monitor.userId,
        checkedAt: item.result.checkedAt,
        status: item.result.status,
        responseTimeMs: item.result.responseTimeMs,
        httpStatus: item.result.httpStatus,
        reason: item.result.reason,
        errorCode: item.result.errorCode,
        certificateExpiresAt: item.result.certificate?.expiresAt ?? null,
      })),
      { ordered: false },
    ).catch((error: unknown) => {
      if (!isDuplicateKeyOnly(error)) throw error;
    });

    const zones = await timezonesOf(items.map((item) => String(item.monitor.userId)));
    const current = new Map<string, MonitorSnapshot>();
    const monitorOps: Parameters<typeof db.models.Monitor.bulkWrite>[0] = [];
    const events: Array<Record<string, unknown>> = [];
    const summaries = summaryDeltas();
    const recorded: RecordedOutcome[] = [];

    for (const item of items) {
      const id = String(item.monitor._id);
      const monitor = current.get(id) ?? item.monitor;
      const { result } = item;
      const before = stateOf(monitor);
      const transition = applyCheckOutcome(
        before,
        {
          status: result.status,
          reason: result.reason,
          errorCode: result.errorCode,
          checkedAt: result.checkedAt,
          ...(item.openImmediately ? { openImmediately: true } : {}),
        },
        {
          retriesBeforeIncident: monitor.retriesBeforeIncident,
          successesBeforeResolve: monitor.successesBeforeResolve,
        },
      );

      let incidentId = monitor.openIncidentId ?? null;
      for (const event of transition.events) {
        incidentId = await applyTransitionEvent(event, monitor, incidentId, events);
      }
      if (transition.events.length === 0 && incidentId && result.status === "down") {
        await touchIncident(db, incidentId, result.reason);
      }

      const warningDays = Number(monitor.config.tlsExpiryWarningDays ?? 0);
      let certificateWarnedFor = monitor.certificateWarnedFor ?? null;
      if (
        result.certificate &&
        shouldWarnAboutCertificate({
          certificate: result.certificate,
          warningDays,
          now: result.checkedAt,
          lastWarnedExpiresAt: certificateWarnedFor,
        })
      ) {
        const { expiresAt, issuer, subject } = result.certificate;
        certificateWarnedFor = expiresAt;
        events.push({
          type: "certificate_expiring",
          monitorId: monitor._id,
          userId: monitor.userId,
          incidentId: null,
          occurredAt: result.checkedAt,
          payload: {
            expiresAt,
            daysRemaining: certificateDaysRemaining(expiresAt, result.checkedAt),
            issuer,
            subject,
          },
          dedupeKey: `certificate_expiring:${id}:${expiresAt.getTime()}`,
        });
      }

      const schedule = item.schedule?.(transition) ?? {};
      const set = {
        status: transition.state.status,
        consecutiveFailures: transition.state.consecutiveFailures,
        consecutiveSuccesses: transition.state.consecutiveSuccesses,
        openIncidentId: transition.state.incidentOpen ? incidentId : null,
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
        certificateWarnedFor,
        ...schedule,
        ...(item.leaseOwner ? { lease: releasedLease } : {}),
        updatedAt: deps.clock.now(),
      };
      monitorOps.push({
        updateOne: {
          filter: {
            _id: monitor._id,
            ...(item.leaseOwner ? { "lease.owner": item.leaseOwner } : {}),
            ...item.onlyIf,
          },
          update: { $set: set },
        },
      });

      const timezone = zones.get(String(monitor.userId)) ?? "UTC";
      summaries.add({
        monitorId: id,
        userId: String(monitor.userId),
        day: dayKey(result.checkedAt, timezone),
        timezone,
        result,
        downtimeSeconds: downtimeStep(monitor, before, result.checkedAt),
      });

      current.set(id, {
        ...monitor,
        ...transition.state,
        openIncidentId: transition.state.incidentOpen ? incidentId : null,
        lastCheckedAt: result.checkedAt,
        certificateWarnedFor,
      });
      recorded.push({
        monitorId: id,
        transition,
        incidentId: incidentId ? String(incidentId) : null,
      });
    }

    if (events.length > 0) {
      await db.models.MonitorEvent.insertMany(events, { ordered: false }).catch((error: unknown) => {
        if (!isDuplicateKeyOnly(error)) throw error;
      });
    }
    // Ordered: on MongoDB the same single round trip; on FerretDB about twice as fast as unordered (measured).
    await bulkWriteInChunks(db.models.Monitor, monitorOps, { ordered: true });
    await writeSummaries(summaries.entries());
    return recorded;
  };

  async function applyTransitionEvent(
    event: TransitionEvent,
    monitor: MonitorSnapshot,
    incidentId: Types.ObjectId | null,
    events: Array<Record<string, unknown>>,
  ): Promise<Types.ObjectId | null> {
    const base = { monitorId: monitor._id, userId: monitor.userId, occurredAt: event.at };
    if (event.type === "incident_opened") {
      const incident = await openIncident(db, {
        monitorId: monitor._id,
        userId: monitor.userId,
        at: event.at,
        reason: event.reason,
        errorCode: event.errorCode,
      });
      events.push({
        ...base,
        type: "incident_opened",
        incidentId: incident._id,
        payload: { reason: event.reason, errorCode: event.errorCode, startedAt: incident.startedAt },
        dedupeKey: `incident_opened:${incident._id.toString()}`,
      });
      return incident._id;
    }
    if (!incidentId) return null;
    const resolved = await resolveIncident(db, incidentId, event.at);
    if (resolved) {
      events.push({
        ...base,
        type: "incident_resolved",
        incidentId: resolved._id,
        payload: {
          startedAt: resolved.startedAt,
          endedAt: resolved.endedAt,
          durationSeconds: resolved.durationSeconds,
          lastError: resolved.lastError,
        },
        dedupeKey: `incident_resolved:${resolved._id.toString()}`,
      });
    }
    return null;
  }

  async function writeSummaries(entries: ReturnType<ReturnType<typeof summaryDeltas>["entries"]>): Promise<void> {
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
      await bulkWriteInChunks(db.models.DailySummary, creates, { ordered: false, ignore: isDuplicateKeyOnly });
    }
    await bulkWriteInChunks(db.models.DailySummary, increments, { ordered: true });
    if (knownDays.size > 200_000) knownDays.clear();
    for (const entry of entries) knownDays.add(`${entry.monitorId}:${entry.day}`);
  }
}

type SummaryOps = ReturnType<typeof dailySummaryWriteOps>;

export type RecordOutcomes = ReturnType<typeof createOutcomeRecorder>;
