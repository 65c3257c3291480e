import { Schema } from "mongoose";
import { describe, expect, it } from "vitest";
import { purgeUser, userOwnedModels } from "../src/purge-user.ts";
import { insertTestUser, useTestDatabase } from "../src/testing/index.ts";

const db = await useTestDatabase();

function createUser(deletingAt: Date | null) {
  return insertTestUser(db, { deletingAt });
}

describe("purgeUser", () => {
  it("deletes the user's documents from every model with a userId, including models added later", async () => {
    const widgets = db.connection.model("PurgeTestWidget", new Schema({ userId: Schema.Types.ObjectId, n: Number }));
    expect(userOwnedModels(db.connection).map((model) => model.modelName)).toContain("PurgeTestWidget");
    const doomed = await createUser(new Date());
    const kept = await createUser(null);
    await widgets.insertMany([
      { userId: doomed, n: 1 },
      { userId: doomed, n: 2 },
      { userId: kept, n: 3 },
    ]);
    const now = new Date();
    await db.models.SecurityEvent.create({ userId: doomed, type: "test", createdAt: now });

    const result = await purgeUser(db, doomed.toHexString());
    expect(result).toEqual({ deleted: { PurgeTestWidget: 2, SecurityEvent: 1 }, userDeleted: true });
    expect(await widgets.countDocuments({ userId: doomed })).toBe(0);
    expect(await widgets.countDocuments({ userId: kept })).toBe(1);
    expect(await db.models.User.countDocuments({ _id: doomed })).toBe(0);

    // A second run (a resumed purge) is a harmless no-op.
    expect(await purgeUser(db, doomed)).toEqual({ deleted: {}, userDeleted: false });
  });

  it("refuses to purge a user who is not marked for deletion", async () => {
    const live = await createUser(null);
    await expect(purgeUser(db, live)).rejects.toThrow(/not marked for deletion/);
    expect(await db.models.User.countDocuments({ _id: live })).toBe(1);
  });
});
