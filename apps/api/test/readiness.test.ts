import { createClient } from "@pingpilot/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.server.close());

it("when the database goes away, /readyz answers 503 and health says degraded while /healthz stays 200", async () => {
  await api.db.close();
  const ready = await fetch(`${api.url}/readyz`);
  expect(ready.status).toBe(503);
  expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  const health = await createClient({ url: api.url }).system.health.query();
  expect(health).toMatchObject({ status: "degraded", database: { status: "down", latencyMs: null } });
});
