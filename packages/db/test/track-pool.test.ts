import { expect, it } from "vitest";
import { createTestDatabase } from "../src/testing/index.ts";

it("the pool counters follow the driver: idle connections after queries, none in use at rest, none after close", async () => {
  const db = await createTestDatabase();
  await Promise.all([db.ping(), db.models.JobRun.countDocuments(), db.models.JobLock.countDocuments()]);
  const atRest = db.poolStats();
  expect(atRest.inUse).toBe(0);
  expect(atRest.available).toBeGreaterThanOrEqual(1);

  await db.drop();
  expect(db.poolStats()).toEqual({ inUse: 0, available: 0 });
});
