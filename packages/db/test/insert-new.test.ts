import mongoose, { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { insertNew } from "../src/insert-new.ts";
import { registerModels } from "../src/models/index.ts";
import { rawCollection } from "../src/raw-collection.ts";
import { useTestDatabase } from "../src/testing/index.ts";

const db = await useTestDatabase();

interface Claim {
  _id: string;
  monitorId: Types.ObjectId;
  dueAt: Date;
  attempt: number;
  owner: string;
  claimedAt: Date;
  expiresAt: Date;
}

const dueAt = new Date("2026-12-01T12:00:00Z");

function claimsFor(owner: string, monitorIds: Types.ObjectId[]): Claim[] {
  return monitorIds.map((monitorId) => ({
    _id: `${monitorId.toHexString()}:${dueAt.getTime()}:0`,
    monitorId,
    dueAt,
    attempt: 0,
    owner,
    claimedAt: dueAt,
    expiresAt: new Date(dueAt.getTime() + 30_000),
  }));
}

describe("insertNew", () => {
  it("gives each document to exactly one of several processes inserting it at once", async () => {
    const monitorIds = Array.from({ length: 20 }, () => new Types.ObjectId());
    const instances = await Promise.all(
      ["a", "b", "c"].map(async (owner) => {
        const connection = await mongoose.createConnection(db.uri, { dbName: db.dbName, maxPoolSize: 2 }).asPromise();
        return { owner, connection, claims: rawCollection<Claim>(registerModels(connection).MonitorClaim) };
      }),
    );
    try {
      const won = await Promise.all(
        instances.map((instance) => insertNew(instance.claims, claimsFor(instance.owner, monitorIds))),
      );
      const wonIds = won.flat().map((claim) => claim._id);
      expect(wonIds.sort()).toEqual(
        claimsFor("any", monitorIds)
          .map((claim) => claim._id)
          .sort(),
      );

      // What each process was told it won is what the database kept.
      const stored = await db.models.MonitorClaim.find({ monitorId: { $in: monitorIds } }).lean();
      const ownerById = new Map(stored.map((claim) => [claim._id, claim.owner]));
      for (const [index, instance] of instances.entries()) {
        for (const claim of won[index] ?? []) expect(ownerById.get(claim._id)).toBe(instance.owner);
      }
    } finally {
      await Promise.all(instances.map((instance) => instance.connection.close()));
    }
  });

  it("stores each document once when a step runs again, and returns only the new ones", async () => {
    const claims = rawCollection<Claim>(db.models.MonitorClaim);
    const [first, second, third] = claimsFor("again", [
      new Types.ObjectId(),
      new Types.ObjectId(),
      new Types.ObjectId(),
    ]);
    if (!first || !second || !third) throw new Error("three claims expected");
    expect(await insertNew(claims, [first, second])).toEqual([first, second]);
    expect(await insertNew(claims, [first, second, third])).toEqual([third]);
    expect(await insertNew(claims, [])).toEqual([]);
    expect(await claims.countDocuments({ owner: "again" })).toBe(3);
  });

  it("passes on a failure that is not a duplicate key", async () => {
    const broken = {
      insertMany: () => Promise.reject(Object.assign(new Error("not primary"), { code: 10107 })),
    } as unknown as mongoose.mongo.Collection<Claim>;
    await expect(insertNew(broken, claimsFor("x", [new Types.ObjectId()]))).rejects.toThrow("not primary");
  });
});
