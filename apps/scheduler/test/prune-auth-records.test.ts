import { loadConfig } from "@pingpilot/config";
import { Types } from "@pingpilot/db";
import { testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { manualClock } from "@pingpilot/domain";
import { expect, it } from "vitest";
import { pruneAuthRecords } from "../src/jobs/prune-auth-records.ts";
import { createJobRunner } from "../src/runner.ts";

const db = await useTestDatabase();

it("deletes dead rate-limit counters, expired tokens and long-ended sessions, and keeps live ones", async () => {
  const now = new Date("2026-07-01T12:00:00Z");
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const ahead = (days: number) => new Date(now.getTime() + days * 86_400_000);
  const userId = new Types.ObjectId();
  const { RateLimit, RefreshToken, PasswordReset, Session } = db.models;

  await RateLimit.insertMany([
    { _id: "login:ip:a:1", count: 3, expiresAt: ago(0.01) },
    { _id: "login:ip:a:2", count: 1, expiresAt: ahead(0.01) },
  ]);
  const sessionId = new Types.ObjectId();
  await RefreshToken.insertMany([
    { _id: "old", sessionId, userId, generation: 0, createdAt: ago(70), expiresAt: ago(10) },
    { _id: "live", sessionId, userId, generation: 1, createdAt: ago(1), expiresAt: ahead(50) },
  ]);
  await PasswordReset.insertMany([
    { _id: "expired", userId, createdAt: ago(1), expiresAt: ago(0.9) },
    { _id: "valid", userId, createdAt: now, expiresAt: ahead(0.04) },
  ]);
  const session = (fields: Record<string, unknown>) => ({
    userId,
    createdAt: ago(100),
    lastUsedAt: ago(40),
    expiresAt: ahead(10),
    absoluteExpiresAt: ahead(10),
    ...fields,
  });
  await Session.insertMany([
    session({ expiresAt: ago(31) }),
    session({ revokedAt: ago(31) }),
    session({ revokedAt: ago(2) }),
    session({}),
  ]);

  const runner = createJobRunner({
    config: loadConfig({ NODE_ENV: "test" }),
    db,
    logger: testLogger(),
    clock: manualClock(now),
    instanceId: "test",
  });
  expect(await runner.runNow(pruneAuthRecords)).toEqual({
    status: "succeeded",
    counts: { rateLimits: 1, refreshTokens: 1, passwordResets: 1, sessions: 2 },
  });
  expect(await RefreshToken.distinct("_id")).toEqual(["live"]);
  expect(await PasswordReset.distinct("_id")).toEqual(["valid"]);
  expect(await Session.countDocuments()).toBe(2);
});
