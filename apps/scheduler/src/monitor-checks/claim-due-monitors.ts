import {
  bulkWriteInChunks,
  type Database,
  dueMonitorFilter,
  freeLease,
  insertNew,
  type MonitorDocument,
  monitorClaimId,
  rawCollection,
} from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Types } from "mongoose";

export type ClaimedMonitor = MonitorDocument & {
  _id: Types.ObjectId;
  nextDueAt: Date;
  /** 0 for the first claim of this due time; more when it was taken over from an instance that died. */
  claimAttempt?: number;
};

export interface ClaimOptions {
  db: Database;
  clock: Clock;
  /** This scheduler instance. */
  owner: string;
  limit: number;
  /** Also claim monitors due within this many milliseconds (the loop starts them on time). */
  horizonMs?: number;
  /** How long a claim on this monitor lasts after its due time: its check timeout plus a margin. */
  leaseMsFor(monitor: ClaimedMonitor): number;
  /**
   * Due monitors left alone: this instance measured that due time already and its outcome's write
   * moves the monitor on. Claiming one would write its lease concurrently with that outcome, and on
   * FerretDB (an update is a read, then a write of the whole document) one of the two is lost.
   */
  skip?(monitor: ClaimedMonitor): boolean;
}

interface ClaimDoc {
  _id: string;
  monitorId: Types.ObjectId;
  dueAt: Date;
  attempt: number;
  owner: string;
  claimedAt: Date;
  expiresAt: Date;
}

/**
 * Claims up to `limit` due monitors for this instance. A claim is the insert of a document whose
 * `_id` names the monitor, its due time and an attempt number: of any number of instances exactly
 * one insert wins, on MongoDB and on FerretDB alike. A due time whose claim expired without the check
 * being recorded (its instance died) is claimed again with the next attempt number. Winners get the
 * monitor's `lease`, which the API and the result writer use to know who checks it.
 */
export async function claimDueMonitors(options: ClaimOptions): Promise<ClaimedMonitor[]> {
  const { db, clock, owner, limit } = options;
  const now = clock.now();
  const found = (await db.models.Monitor.find(dueMonitorFilter(now, options.horizonMs ?? 0))
    .sort({ nextDueAt: 1 })
    .limit(limit)
    .lean()) as ClaimedMonitor[];
  const candidates = options.skip ? found.filter((monitor) => !options.skip?.(monitor)) : found;
  if (candidates.length === 0) return [];

  const claimFor = (monitor: ClaimedMonitor, attempt: number): ClaimDoc => ({
    _id: monitorClaimId(monitor._id, monitor.nextDueAt, attempt),
    monitorId: monitor._id,
    dueAt: monitor.nextDueAt,
    attempt,
    owner,
    claimedAt: now,
    expiresAt: new Date(Math.max(now.getTime(), monitor.nextDueAt.getTime()) + options.leaseMsFor(monitor)),
  });
  const collection = rawCollection<ClaimDoc>(db.models.MonitorClaim);
  const won = await insertNew(
    collection,
    candidates.map((monitor) => claimFor(monitor, 0)),
  );

  // Lost first attempts: retry those whose latest claim has expired (a dead instance's).
  const wonIds = new Set(won.map((claim) => claim.monitorId.toString()));
  const contested = candidates.filter((monitor) => !wonIds.has(monitor._id.toString()));
  if (contested.length > 0) {
    const latest = await collection
      .find({
        $or: contested.map((monitor) => ({ monitorId: monitor._id, dueAt: monitor.nextDueAt })),
      })
      .sort({ attempt: -1 })
      .toArray();
    const latestByMonitor = new Map<string, ClaimDoc>();
    for (const claim of latest) {
      const key = claim.monitorId.toString();
      if (!latestByMonitor.has(key)) latestByMonitor.set(key, claim);
    }
    const retries = contested.flatMap((monitor) => {
      const claim = latestByMonitor.get(monitor._id.toString());
      return claim && claim.expiresAt.getTime() <= now.getTime() ? [claimFor(monitor, claim.attempt + 1)] : [];
    });
    won.push(...(await insertNew(collection, retries)));
  }
  if (won.length === 0) return [];

  const byId = new Map(candidates.map((monitor) => [monitor._id.toString(), monitor]));
  await bulkWriteInChunks(
    db.models.Monitor,
    won.map((claim) => ({
      updateOne: {
        filter: { _id: claim.monitorId },
        update: { $set: { lease: { owner, expiresAt: claim.expiresAt } } },
      },
    })),
    { ordered: true },
  );
  return won.flatMap((claim) => {
    const monitor = byId.get(claim.monitorId.toString());
    return monitor ? [{ ...monitor, claimAttempt: claim.attempt }] : [];
  });
}

/**
 * Gives back everything this instance holds (on shutdown): leases are released and its unexpired
 * claims expire now, so another instance can check those monitors at once.
 */
export async function releaseClaims(db: Database, clock: Clock, owner: string): Promise<number> {
  const now = clock.now();
  await db.models.MonitorClaim.updateMany({ owner, expiresAt: { $gt: now } }, { $set: { expiresAt: now } });
  const result = await db.models.Monitor.updateMany({ "lease.owner": owner }, { $set: { lease: freeLease() } });
  return result.modifiedCount;
}
