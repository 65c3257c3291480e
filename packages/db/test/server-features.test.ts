import { expect, it } from "vitest";
import { ferretdbServerName } from "../src/ferretdb-server-name.ts";
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

it('names our FerretDB build by its pinned version, as the database starter does, never "FerretDB unknown"', async () => {
  expect(ferretdbServerName("unknown")).toBe("FerretDB v1.24.2");
  expect(ferretdbServerName("v1.25.0")).toBe("FerretDB v1.25.0");
  const db = await createTestDatabase();
  try {
    const features = await detectServerFeatures(db);
    if (features.ferretdb) expect(features.server).toMatch(/^FerretDB v\d+\.\d+\.\d+ \(MongoDB /);
    expect(features.server).not.toMatch(/unknown/);
  } finally {
    await db.drop();
  }
});
