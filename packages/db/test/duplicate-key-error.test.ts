import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { duplicateKeyIndexes, isDuplicateKeyError } from "../src/duplicate-key-error.ts";
import { rawCollection } from "../src/raw-collection.ts";
import { testMonitorDocument, useTestDatabase } from "../src/testing/index.ts";

const db = await useTestDatabase();

const now = new Date("2026-12-01T12:00:00Z");

/** A monitor with no schedule yet (`nextDueAt` as the schema leaves it), `extra` written over it. */
function monitorFields(name: string, extra: Record<string, unknown> = {}) {
  const config = { url: "https://example.com/", method: "GET" };
  return { ...testMonitorDocument({ userId: new Types.ObjectId(), name, config, nextDueAt: null, at: now }), ...extra };
}

async function errorOf(write: Promise<unknown>): Promise<unknown> {
  return write.then(
    () => expect.unreachable("the write should have failed"),
    (error: unknown) => error,
  );
}

describe("duplicate-key detection", () => {
  it("recognises a second insert of a unique key as taken, and a refused document as something else", async () => {
    const first = await db.models.Monitor.create(monitorFields("first"));
    const duplicate = await errorOf(db.models.Monitor.create(monitorFields("second", { pushToken: first.pushToken })));
    expect(isDuplicateKeyError(duplicate)).toBe(true);

    const invalid = await errorOf(db.models.Monitor.create(monitorFields("bad type", { type: "ftp" })));
    expect(isDuplicateKeyError(invalid)).toBe(false);
    expect(isDuplicateKeyError(new Error("connection reset"))).toBe(false);
    expect(isDuplicateKeyError(undefined)).toBe(false);
  });

  it("names the documents an unordered bulk insert lost to existing keys", async () => {
    const things = rawCollection<{ _id: string; n: number }>(db.models.MonitorClaim);
    await things.insertMany([
      { _id: "taken-a", n: 1 },
      { _id: "taken-b", n: 2 },
    ]);
    const error = await errorOf(
      things.insertMany(
        [
          { _id: "taken-a", n: 3 },
          { _id: "fresh", n: 4 },
          { _id: "taken-b", n: 5 },
        ],
        { ordered: false },
      ),
    );
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(duplicateKeyIndexes(error, 3)).toEqual(new Set([0, 2]));
    expect(await things.countDocuments({ _id: "fresh" })).toBe(1);
  });

  it("does not call a bulk write with other failures besides duplicates a duplicate", () => {
    const mixed = {
      code: 11000,
      writeErrors: [
        { index: 0, code: 11000 },
        { index: 1, code: 121 },
      ],
    };
    expect(isDuplicateKeyError(mixed)).toBe(false);
    expect(duplicateKeyIndexes(mixed, 2)).toBeUndefined();
    // A single duplicate without write errors says which document failed only when there was one.
    expect(duplicateKeyIndexes({ code: 11000 }, 1)).toEqual(new Set([0]));
    expect(duplicateKeyIndexes({ code: 11000 }, 2)).toBeUndefined();
  });
});
