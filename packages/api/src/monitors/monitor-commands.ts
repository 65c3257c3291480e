import { freeLease, monitorStateOf, newPushToken, Types } from "@pingpilot/db";
import {
  type CheckNowResult,
  ConflictError,
  InvalidInputError,
  type MonitorConfig,
  type MonitorState,
  type MonitorView,
  mergeMonitorUpdate,
  NotFoundError,
  pausedMonitorState,
  resumedMonitorState,
  type UpdateMonitorInput,
} from "@pingpilot/domain";
import { ZodError } from "zod";
import type { RateLimitRule } from "../rate-limit.ts";
import type { OwnerContext } from "../service-context.ts";
import { assertOwnChannels, channelsForNewMonitor } from "./channel-rules.ts";
import { configOf, monitorFieldsOf, type StoredMonitor, toMonitorView } from "./monitor-document.ts";
import { findOwnedMonitor } from "./monitor-queries.ts";
import { scheduleFrom } from "./monitor-schedule.ts";
import { assertTargetAllowed, targetChanged } from "./target-rules.ts";

/** "Check now" per user: enough to debug a monitor by hand, not enough to turn Ping Pilot into a load generator. */
export const checkNowRule: RateLimitRule = { name: "monitor:checkNow", limit: 10, windowSeconds: 60 };

/** Fields an update may change without touching the schedule or what a check does. */
const metadataFields = new Set(["type", "name", "tags", "channelIds"]);

function view(ctx: OwnerContext, monitor: StoredMonitor): MonitorView {
  return toMonitorView(monitor, ctx.config.api.publicUrl);
}

function stateFields(state: MonitorState) {
  return {
    status: state.status,
    consecutiveFailures: state.consecutiveFailures,
    consecutiveSuccesses: state.consecutiveSuccesses,
  };
}

async function setOwned(ctx: OwnerContext, id: string, set: Record<string, unknown>): Promise<StoredMonitor> {
  const updated = await ctx.db.models.Monitor.findOneAndUpdate(
    { _id: id, userId: ctx.auth.userId },
    { $set: { ...set, updatedAt: ctx.clock.now() } },
    { returnDocument: "after", lean: true },
  );
  if (!updated) throw new NotFoundError("Monitor"); // deleted meanwhile
  return updated as StoredMonitor;
}

function limitReached(limit: number): ConflictError {
  return new ConflictError(`You have reached your limit of ${limit} monitors; delete one first`);
}

/**
 * Creates a monitor for the caller. The per-user limit is checked before the insert and again after
 * it (no transactions: two creates racing at the limit both see the excess and both back out, so the
 * limit is never passed). Named notification channels must be the owner's; naming none picks the
 * owner's default channels.
 */
export async function createMonitor(ctx: OwnerContext, input: MonitorConfig): Promise<MonitorView> {
  const { Monitor } = ctx.db.models;
  const limit = ctx.config.monitoring.monitorsPerUser;
  const userId = new Types.ObjectId(ctx.auth.userId);
  await assertTargetAllowed(input, ctx.services.addressPolicy);
  const config = { ...input, channelIds: await channelsForNewMonitor(ctx.db, ctx.auth.userId, input.channelIds) };
  if ((await Monitor.countDocuments({ userId })) >= limit) throw limitReached(limit);

  const now = ctx.clock.now();
  const _id = new Types.ObjectId();
  const created = await Monitor.create({
    _id,
    userId,
    ...monitorFieldsOf(config),
    ...scheduleFrom(_id.toHexString(), config, now),
    status: config.paused ? "paused" : "pending",
    createdAt: now,
    updatedAt: now,
  });
  if ((await Monitor.countDocuments({ userId })) > limit) {
    await Monitor.deleteOne({ _id });
    throw limitReached(limit);
  }
  return view(ctx, created.toObject() as StoredMonitor);
}

/** The first problem of a merged configuration, as a field error (the rest follow in the message). */
function mergeProblem(error: ZodError): InvalidInputError {
  const first = error.issues[0];
  const field = typeof first?.path[0] === "string" ? first.path[0] : undefined;
  const message = error.issues.map((issue) => `${issue.path.join(".") || "monitor"}: ${issue.message}`).join("; ");
  return new InvalidInputError(message, field);
}

/** A heartbeat's deadline after a schedule change: from the last ping if that is still ahead, else from now. */
function heartbeatScheduleAfterChange(monitor: StoredMonitor, config: MonitorConfig, now: Date) {
  const fromNow = scheduleFrom(monitor._id.toHexString(), config, now);
  if (!monitor.lastPingAt || !fromNow.deadlineAt) return fromNow;
  const fromPing = scheduleFrom(monitor._id.toHexString(), config, monitor.lastPingAt);
  return fromPing.deadlineAt && fromPing.deadlineAt.getTime() > now.getTime() ? fromPing : fromNow;
}

/**
 * Applies a patch. Renaming, tags and channels leave the schedule alone; anything else resets the
 * lease (a check in flight for the old configuration cannot write its state back) and recomputes the
 * next due time or heartbeat deadline. A new target host is vetted by the address rules again.
 */
export async function updateMonitor(ctx: OwnerContext, id: string, patch: UpdateMonitorInput): Promise<MonitorView> {
  const monitor = await findOwnedMonitor(ctx, id);
  const current = configOf(monitor);
  let merged: MonitorConfig;
  try {
    merged = mergeMonitorUpdate(current, patch);
  } catch (error) {
    throw error instanceof ZodError ? mergeProblem(error) : error;
  }
  if (targetChanged(current, merged)) await assertTargetAllowed(merged, ctx.services.addressPolicy);
  if (patch.channelIds) await assertOwnChannels(ctx.db, ctx.auth.userId, patch.channelIds);

  const changed = Object.keys(patch).filter((key) => (patch as Record<string, unknown>)[key] !== undefined);
  const affectsChecks = changed.some((key) => !metadataFields.has(key));
  const now = ctx.clock.now();
  const set: Record<string, unknown> = monitorFieldsOf(merged);
  if (merged.paused !== current.paused) {
    Object.assign(
      set,
      stateFields(
        merged.paused ? pausedMonitorState(monitorStateOf(monitor)) : resumedMonitorState(monitorStateOf(monitor)),
      ),
    );
  }
  if (affectsChecks) {
    set.lease = freeLease();
    const schedule =
      merged.type === "heartbeat" && merged.paused === current.paused
        ? heartbeatScheduleAfterChange(monitor, merged, now)
        : scheduleFrom(id, merged, now);
    Object.assign(set, schedule);
  }
  return view(ctx, await setOwned(ctx, id, set));
}

/**
 * Deletes the monitor first — from then on nothing shows it, and the scheduler can no longer claim it
 * or write its state — then its results, incidents, summaries, events and claims. Without transactions
 * a crash in between leaves only rows no query of the owner can reach (every read starts from the
 * monitor); results and summaries age out with retention, and account deletion purges them by userId.
 */
export async function deleteMonitor(ctx: OwnerContext, id: string): Promise<{ ok: true; id: string }> {
  const { Monitor, CheckResult, Incident, DailySummary, MonitorEvent, MonitorClaim } = ctx.db.models;
  const monitorId = new Types.ObjectId(id);
  const deleted = await Monitor.deleteOne({ _id: monitorId, userId: ctx.auth.userId });
  if (deleted.deletedCount === 0) await findOwnedMonitor(ctx, id); // throws NOT_FOUND
  await Promise.all([
    CheckResult.deleteMany({ monitorId }),
    Incident.deleteMany({ monitorId }),
    DailySummary.deleteMany({ monitorId }),
    MonitorEvent.deleteMany({ monitorId }),
    MonitorClaim.deleteMany({ monitorId }),
  ]);
  return { ok: true, id };
}

/** Stops checks (and heartbeat deadlines). An open incident stays open; pausing twice changes nothing. */
export async function pauseMonitor(ctx: OwnerContext, id: string): Promise<MonitorView> {
  const monitor = await findOwnedMonitor(ctx, id);
  if (monitor.paused) return view(ctx, monitor);
  return view(
    ctx,
    await setOwned(ctx, id, {
      paused: true,
      ...stateFields(pausedMonitorState(monitorStateOf(monitor))),
      nextDueAt: null,
      deadlineAt: null,
      lease: freeLease(),
    }),
  );
}

/** Checks again from now on: next grid point, or a fresh heartbeat deadline counted from now. */
export async function resumeMonitor(ctx: OwnerContext, id: string): Promise<MonitorView> {
  const monitor = await findOwnedMonitor(ctx, id);
  if (!monitor.paused) return view(ctx, monitor);
  const config = { ...configOf(monitor), paused: false };
  return view(
    ctx,
    await setOwned(ctx, id, {
      paused: false,
      ...stateFields(resumedMonitorState(monitorStateOf(monitor))),
      ...scheduleFrom(id, config, ctx.clock.now()),
      lease: freeLease(),
    }),
  );
}

/**
 * Asks for a check as soon as possible: the monitor becomes due now and the scheduler picks it up
 * within one tick. Asynchronous by design — checks run only in the scheduler, behind its concurrency
 * limit and address guard. The lease is left alone: if a check is already running, its result is the
 * answer. Watch `lastCheckedAt` (monitor.get) or `monitor.results` for a result after `requestedAt`.
 */
export async function checkMonitorNow(ctx: OwnerContext, id: string): Promise<CheckNowResult> {
  await ctx.services.rateLimiter.consume(checkNowRule, ctx.auth.userId);
  const monitor = await findOwnedMonitor(ctx, id);
  if (monitor.type === "heartbeat") {
    throw new InvalidInputError("Heartbeat monitors are checked by their pings, not by Ping Pilot", "id");
  }
  if (monitor.paused) throw new ConflictError("The monitor is paused; resume it first");
  const requestedAt = ctx.clock.now();
  await ctx.db.models.Monitor.updateOne({ _id: id, userId: ctx.auth.userId }, { $set: { nextDueAt: requestedAt } });
  return { monitorId: id, requestedAt };
}

/** A new secret push URL for a heartbeat monitor; the old one answers 404 from now on. */
export async function rotatePushToken(ctx: OwnerContext, id: string): Promise<MonitorView> {
  const monitor = await findOwnedMonitor(ctx, id);
  if (monitor.type !== "heartbeat") throw new InvalidInputError("Only heartbeat monitors have a push URL", "id");
  return view(ctx, await setOwned(ctx, id, { pushToken: newPushToken() }));
}
