import { expect, it } from "vitest";
import { detectServerFeatures, enableResultTtl } from "../src/server-features.ts";
import { createTestDatabase, testLogger } from "../src/testing/index.ts";

it("detects the test server and only adds the results TTL index where the server enforces TTL", async () => {
  const db = await createTestDatabase();
  try {
    const features = await detectServerFeatures(db);
    expect(features.server).toMatch(/^(FerretDB .+ \(MongoDB \d+\.\d+.* wire\)|MongoDB \d+\.)/);
    const enabled = await enableResultTtl(db, features, 30, testLogger());
    expect(enabled).toBe(features.ttlIndexes);
    const indexes = await db.models.CheckResult.collection.indexes();
    const checkedAt = indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ checkedAt: 1 }));
    expect(checkedAt?.expireAfterSeconds).toBe(features.ttlIndexes ? 30 * 86_400 : undefined);
  } finally {
    await db.drop();
  }
});
