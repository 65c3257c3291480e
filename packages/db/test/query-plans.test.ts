import { type Model, Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { dueMonitorFilter, type Models } from "../src/models/index.ts";
import { detectServerFeatures, type ServerFeatures } from "../src/server-features.ts";
import { useTestDatabase } from "../src/testing/index.ts";
import { type IndexKey, planStages, type QueryShape, servingIndex } from "./index-coverage.ts";

/**
 * The main queries the API, the scheduler and the outbox run, with the filter and sort each one sends
 * (written out here, from the file named in each entry: keep them in step when a query changes).
 */
const userId = new Types.ObjectId();
const monitorId = new Types.ObjectId();
const channelId = new Types.ObjectId();
const now = new Date("2026-11-25T12:00:00Z");
const earlier = new Date("2026-11-24T12:00:00Z");
const after = { $or: [{ createdAt: { $lt: earlier } }, { createdAt: earlier, _id: { $lt: monitorId } }] };

const queries: Array<{ name: string; model: keyof Models; shape: QueryShape }> = [
  // API: monitors (packages/api/src/monitors)
  {
    name: "monitor list, newest first",
    model: "Monitor",
    shape: { filter: { userId, ...after }, sort: { createdAt: -1, _id: -1 } },
  },
  {
    name: "monitor list by name",
    model: "Monitor",
    shape: { filter: { userId, name: { $gt: "a" } }, sort: { name: 1, _id: 1 } },
  },
  {
    name: "monitor list filtered by status",
    model: "Monitor",
    shape: { filter: { userId, status: "down" }, sort: { createdAt: -1, _id: -1 } },
  },
  {
    name: "monitor list filtered by tag",
    model: "Monitor",
    shape: { filter: { userId, tags: "prod" }, sort: { createdAt: -1, _id: -1 } },
  },
  { name: "monitor count per user (limit)", model: "Monitor", shape: { filter: { userId } } },
  { name: "push ping by token", model: "Monitor", shape: { filter: { pushToken: "t".repeat(24) } } },
  {
    name: "check results of a monitor by time",
    model: "CheckResult",
    shape: { filter: { monitorId, checkedAt: { $gte: earlier, $lt: now } }, sort: { checkedAt: -1, _id: -1 } },
  },
  {
    name: "open incidents of a user (overview)",
    model: "Incident",
    shape: { filter: { userId, status: "open" }, sort: { startedAt: -1 } },
  },
  {
    name: "incidents of a monitor",
    model: "Incident",
    shape: { filter: { monitorId, startedAt: { $gte: earlier } }, sort: { startedAt: -1, _id: -1 } },
  },
  {
    name: "daily summaries of a monitor",
    model: "DailySummary",
    shape: { filter: { monitorId, day: { $gte: "2026-11-01" } } },
  },
  {
    name: "daily summaries of a user (overview, reports)",
    model: "DailySummary",
    shape: { filter: { userId, day: { $gte: "2026-11-01", $lte: "2026-11-30" } } },
  },
  // API: accounts, sessions, keys, channels, reports
  { name: "user by email (login)", model: "User", shape: { filter: { email: "a@example.com" } } },
  {
    name: "active sessions of a user",
    model: "Session",
    shape: { filter: { userId, revokedAt: null, expiresAt: { $gt: now } }, sort: { lastUsedAt: -1 } },
  },
  {
    name: "API keys of a user",
    model: "ApiKey",
    shape: { filter: { userId, revokedAt: null }, sort: { createdAt: -1 } },
  },
  { name: "API key by hash (every API-key request)", model: "ApiKey", shape: { filter: { _id: "h".repeat(64) } } },
  { name: "rate-limit counter", model: "RateLimit", shape: { filter: { _id: "route:reads:abc:0" } } },
  { name: "refresh token rotation", model: "RefreshToken", shape: { filter: { sessionId: monitorId, generation: 2 } } },
  { name: "channels of a user", model: "NotificationChannel", shape: { filter: { userId }, sort: { createdAt: -1 } } },
  { name: "default channels of a user", model: "NotificationChannel", shape: { filter: { userId, isDefault: true } } },
  {
    name: "delivery log of a channel",
    model: "NotificationDelivery",
    shape: { filter: { channelId, userId }, sort: { createdAt: -1, _id: -1 } },
  },
  {
    name: "reports of a user",
    model: "Report",
    shape: { filter: { userId, kind: "weekly" }, sort: { periodStart: -1, _id: -1 } },
  },
  // Scheduler (apps/scheduler/src)
  {
    name: "due monitors to claim",
    model: "Monitor",
    shape: { filter: dueMonitorFilter(now, 5_000), sort: { nextDueAt: 1 } },
  },
  {
    name: "latest claims of contested monitors",
    model: "MonitorClaim",
    shape: { filter: { $or: [{ monitorId, dueAt: now }] }, sort: { attempt: -1 } },
  },
  {
    name: "release a stopping scheduler's claims",
    model: "MonitorClaim",
    shape: { filter: { owner: "s1", expiresAt: { $gt: now } } },
  },
  { name: "release a stopping scheduler's leases", model: "Monitor", shape: { filter: { "lease.owner": "s1" } } },
  {
    name: "overdue heartbeats",
    model: "Monitor",
    shape: { filter: { type: "heartbeat", paused: false, deadlineAt: { $lte: now } } },
  },
  { name: "job lock of a job", model: "JobLock", shape: { filter: { name: "prune" }, sort: { generation: -1 } } },
  {
    name: "accounts left half-deleted",
    model: "User",
    shape: { filter: { deletingAt: { $ne: null } }, sort: { _id: 1 } },
  },
  { name: "result retention", model: "CheckResult", shape: { filter: { checkedAt: { $lt: earlier } } } },
  { name: "summary retention", model: "DailySummary", shape: { filter: { day: { $lt: "2025-11-01" } } } },
  { name: "job-run retention", model: "JobRun", shape: { filter: { startedAt: { $lt: earlier } } } },
  { name: "expired rate-limit counters", model: "RateLimit", shape: { filter: { expiresAt: { $lt: now } } } },
  { name: "expired sessions", model: "Session", shape: { filter: { absoluteExpiresAt: { $lt: now } } } },
  // Notifications outbox (packages/notifications/src/outbox)
  {
    name: "events not yet fanned out",
    model: "MonitorEvent",
    shape: { filter: { dispatchedAt: null }, sort: { occurredAt: 1, _id: 1 } },
  },
  {
    name: "incident openings in a storm window",
    model: "MonitorEvent",
    shape: { filter: { userId, occurredAt: { $gte: earlier, $lte: now }, type: "incident_opened" } },
  },
  {
    name: "due deliveries",
    model: "NotificationDelivery",
    shape: { filter: { status: "pending", nextAttemptAt: { $lte: now } }, sort: { nextAttemptAt: 1 } },
  },
  {
    name: "held deliveries (storm flush)",
    model: "NotificationDelivery",
    shape: { filter: { status: "held" }, sort: { occurredAt: 1, _id: 1 } },
  },
  {
    name: "latest storm message of a channel",
    model: "NotificationDelivery",
    shape: { filter: { channelId, stormSeq: { $gt: 0 } }, sort: { stormSeq: -1 } },
  },
  {
    name: "delivery retention",
    model: "NotificationDelivery",
    shape: { filter: { createdAt: { $lt: earlier }, status: { $in: ["sent", "failed"] } } },
  },
  {
    name: "channels with reminders",
    model: "NotificationChannel",
    shape: { filter: { reminderIntervalMinutes: { $gt: 0 } } },
  },
  { name: "expired delivery claims", model: "NotificationClaim", shape: { filter: { expiresAt: { $lt: now } } } },
];

const db = await useTestDatabase();
let features: ServerFeatures;
beforeAll(async () => {
  features = await detectServerFeatures(db);
});

/** One model, typed loosely enough to run any of the queries above. */
function modelOf(name: keyof Models): Model<Record<string, unknown>> {
  return db.models[name] as unknown as Model<Record<string, unknown>>;
}

function declaredIndexes(model: keyof Models): IndexKey[] {
  return modelOf(model)
    .schema.indexes()
    .map(([key]) => key as IndexKey);
}

describe("every main query is backed by an index", () => {
  it.each(queries)("$name ($model)", async ({ model, shape }) => {
    // Every server: a declared index whose leading key the query seeks on (or whose order it sorts by),
    // and that index really exists on the server after ensureIndexes.
    const index = servingIndex(declaredIndexes(model), shape);
    expect(index, "no declared index serves this query").toBeDefined();
    const onServer = (await modelOf(model).collection.indexes()).map((found) => JSON.stringify(found.key));
    expect(onServer).toContain(JSON.stringify(index));

    // MongoDB only: the planner's winning plan must not scan the collection. FerretDB's explain reports
    // whether a filter was pushed down to its backend, not index use, so there is nothing to assert.
    if (!features.ferretdb) {
      const explained = (await modelOf(model)
        .find(shape.filter)
        .sort(shape.sort ?? {})
        .explain("queryPlanner")) as unknown as { queryPlanner?: { winningPlan?: unknown } };
      expect(planStages(explained.queryPlanner?.winningPlan)).not.toContain("COLLSCAN");
    }
  });

  it("the check itself catches a query no index serves", () => {
    expect(servingIndex(declaredIndexes("Monitor"), { filter: { name: "api" } })).toBeUndefined();
    expect(servingIndex(declaredIndexes("CheckResult"), { filter: { status: "down" } })).toBeUndefined();
    expect(
      servingIndex(declaredIndexes("Incident"), { filter: { $or: [{ userId }, { firstError: "x" }] } }),
    ).toBeUndefined();
  });
});
