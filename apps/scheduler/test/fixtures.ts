import type { Database } from "@pingpilot/db";
import { insertTestUser } from "@pingpilot/db/testing";
import { Types } from "mongoose";

/** An owner for test monitors. */
export function createUser(db: Database, timezone = "UTC"): Promise<Types.ObjectId> {
  return insertTestUser(db, { timezone });
}

export interface MonitorFixture {
  userId: Types.ObjectId;
  type: "http" | "tcp" | "dns" | "heartbeat";
  config: Record<string, unknown>;
  intervalSeconds?: number;
  retriesBeforeIncident?: number;
  nextDueAt?: Date | null;
  deadlineAt?: Date | null;
  lastPingAt?: Date | null;
}

export async function insertMonitor(db: Database, fixture: MonitorFixture): Promise<Types.ObjectId> {
  const now = new Date();
  const _id = new Types.ObjectId();
  const intervalSeconds = fixture.intervalSeconds ?? 30;
  await db.models.Monitor.create({
    _id,
    userId: fixture.userId,
    name: `${fixture.type} ${_id.toString().slice(-4)}`,
    type: fixture.type,
    config: fixture.config,
    intervalSeconds,
    retriesBeforeIncident: fixture.retriesBeforeIncident ?? 1,
    successesBeforeResolve: 1,
    nextDueAt: fixture.nextDueAt === undefined ? now : fixture.nextDueAt,
    deadlineAt: fixture.deadlineAt ?? null,
    lastPingAt: fixture.lastPingAt ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return _id;
}
