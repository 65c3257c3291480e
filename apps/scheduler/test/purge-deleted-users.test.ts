import { loadConfig } from "@pingpilot/config";
import { Schema, Types } from "@pingpilot/db";
import { insertTestUser, testLogger, useTestDatabase } from "@pingpilot/db/testing";
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
  const { Session, RefreshToken, ApiKey, SecurityEvent, PasswordReset } = db.models;
  const userId = await insertTestUser(db, { at: now, deletingAt });
  const later = new Date(now.getTime() + 86_400_000);
  const session = await Session.create({
    userId,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: later,
    absoluteExpiresAt: later,
  });
  await RefreshToken.create({
    _id: new Types.ObjectId().toHexString(),
    sessionId: session._id,
    userId,
    generation: 0,
    createdAt: now,
    expiresAt: later,
  });
  await ApiKey.create({ userId, name: "k", scope: "read", secretHash: "h", preview: "p", createdAt: now });
  await SecurityEvent.create({ userId, type: "password_changed", createdAt: now });
  await PasswordReset.create({
    _id: new Types.ObjectId().toHexString(),
    userId,
    createdAt: now,
    expiresAt: later,
  });
  return userId;
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
    { userId: doomed, url: "https://a.example" },
    { userId: doomed, url: "https://b.example" },
    { userId: survivor, url: "https://c.example" },
  ]);
  // The API process died after deleting the sessions and before anything else.
  await db.models.Session.deleteMany({ userId: doomed });
  const survivorDocuments = await documentsOwnedBy(survivor);

  const runner = createJobRunner({
    config: loadConfig({ NODE_ENV: "test" }),
    db,
    logger: testLogger(),
    clock: systemClock,
    instanceId: "test",
  });
  const outcome = await runner.runNow(purgeDeletedUsers);
  expect(outcome).toEqual({ status: "succeeded", counts: { purged: 1, documents: 6 } });

  expect(await documentsOwnedBy(doomed)).toBe(0);
  expect(await db.models.User.countDocuments({ _id: doomed })).toBe(0);
  expect(await documentsOwnedBy(survivor)).toBe(survivorDocuments);
  expect(await db.models.User.countDocuments({ _id: survivor })).toBe(1);

  // Nothing left to do the next time.
  expect(await runner.runNow(purgeDeletedUsers)).toEqual({ status: "succeeded", counts: { purged: 0, documents: 0 } });
});
