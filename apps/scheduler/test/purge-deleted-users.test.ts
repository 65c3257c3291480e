import { loadConfig } from "@pingpilot/config";
import { Schema, Types } from "@pingpilot/db";
import { testLogger, useTestDatabase } from "@pingpilot/db/testing";
import { systemClock } from "@pingpilot/domain";
import { expect, it } from "vitest";
import { purgeDeletedUsers } from "../src/jobs/purge-deleted-users.ts";
import { createJobRunner } from "../src/runner.ts";

const db = await useTestDatabase();

/** Every document in every collection of the database that carries this userId. */
async function documentsOwnedBy(userId: Types.ObjectId): Promise<number> {
  const collections = await db.connection.listCollections();
  let total = 0;
  for (const { name } of collections) total += await db.connection.collection(name).countDocuments({ userId });
  return total;
}

async function userWithData(deletingAt: Date | null) {
  const now = new Date();
  const { User, Session, RefreshToken, ApiKey, SecurityEvent, PasswordReset } = db.models;
  const user = await User.create({
    email: `${new Types.ObjectId().toHexString()}@example.com`,
    passwordHash: "x",
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
    deletingAt,
  });
  const later = new Date(now.getTime() + 86_400_000);
  const session = await Session.create({
    userId: user._id,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: later,
    absoluteExpiresAt: later,
  });
  await RefreshToken.create({
    _id: new Types.ObjectId().toHexString(),
    sessionId: session._id,
    userId: user._id,
    generation: 0,
    createdAt: now,
    expiresAt: later,
  });
  await ApiKey.create({ userId: user._id, name: "k", scope: "read", secretHash: "h", preview: "p", createdAt: now });
  await SecurityEvent.create({ userId: user._id, type: "password_changed", createdAt: now });
  await PasswordReset.create({
    _id: new Types.ObjectId().toHexString(),
    userId: user._id,
    createdAt: now,
    expiresAt: later,
  });
  return user;
}

it("an account deletion interrupted midway is finished by the scheduler job, leaving nothing of the user", async () => {
  // A collection added by a later feature: covered because it follows the `userId` convention.
  const Monitorish = db.connection.model(
    "PurgeJobMonitorish",
    new Schema({ userId: Schema.Types.ObjectId, url: String }),
  );
  await Monitorish.createCollection();

  const doomed = await userWithData(new Date());
  const survivor = await userWithData(null);
  await Monitorish.insertMany([
    { userId: doomed._id, url: "https://a.example" },
    { userId: doomed._id, url: "https://b.example" },
    { userId: survivor._id, url: "https://c.example" },
  ]);
  // The API process died after deleting the sessions and before anything else.
  await db.models.Session.deleteMany({ userId: doomed._id });
  const survivorDocuments = await documentsOwnedBy(survivor._id);

  const runner = createJobRunner({
    config: loadConfig({ NODE_ENV: "test" }),
    db,
    logger: testLogger(),
    clock: systemClock,
    instanceId: "test",
  });
  const outcome = await runner.runNow(purgeDeletedUsers);
  expect(outcome).toEqual({ status: "succeeded", counts: { purged: 1, documents: 6 } });

  expect(await documentsOwnedBy(doomed._id)).toBe(0);
  expect(await db.models.User.countDocuments({ _id: doomed._id })).toBe(0);
  expect(await documentsOwnedBy(survivor._id)).toBe(survivorDocuments);
  expect(await db.models.User.countDocuments({ _id: survivor._id })).toBe(1);

  // Nothing left to do the next time.
  expect(await runner.runNow(purgeDeletedUsers)).toEqual({ status: "succeeded", counts: { purged: 0, documents: 0 } });
});
