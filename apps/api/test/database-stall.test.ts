import { createClient, isClientError } from "@pingpilot/client";
import { connectDatabase } from "@pingpilot/db";
import { type DisposableDatabaseServer, startDisposableDatabaseServer, testLogger } from "@pingpilot/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

// A database server of this file's own: pausing the run's shared one would stall every other test file.
let server: DisposableDatabaseServer;
let api: TestApi;
let key: string;
beforeAll(async () => {
  server = await startDisposableDatabaseServer();
  const dbName = "stall";
  const db = await connectDatabase({ uri: server.uri, dbName, poolSize: 10 }, testLogger());
  await db.ensureIndexes();
  api = await startTestApi({ db: { ...db, uri: server.uri, dbName, drop: () => db.close() } });
  const user = await registerUser(api);
  ({ key } = await user.client.apiKey.create.mutate({ name: "tests", scope: "full" }));
}, 60_000);
afterAll(async () => {
  server?.resume();
  await api?.stop();
  await api?.db.close();
  await server?.stop();
});

async function readiness(): Promise<number> {
  return (await fetch(`${api.url}/readyz`)).status;
}

describe("with the database stalled (its process stopped)", () => {
  it("/readyz answers 503, tRPC and REST answer 503 SERVICE_UNAVAILABLE with Retry-After; all work again after it resumes", async () => {
    const client = createClient({ url: api.url, apiKey: key });
    expect(await readiness()).toBe(200);
    server.pause();
    try {
      // The first probe after the stall may still find the server "known good"; it must answer all the same.
      expect(await readiness()).toBe(503);

      const trpc = await fetch(`${api.url}/trpc/monitor.list?input=${encodeURIComponent('{"json":{}}')}`, {
        headers: { "x-api-key": key },
      });
      expect(trpc.status).toBe(503);
      expect(Number(trpc.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await trpc.json()).toMatchObject({
        error: { json: { data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } },
      });
      const typed = await client.monitor.list.query({}).catch((error: unknown) => error);
      expect(isClientError(typed) && typed.data?.code).toBe("SERVICE_UNAVAILABLE");

      const rest = await fetch(`${api.url}/api/v1/monitors`, { headers: { "x-api-key": key } });
      expect(rest.status).toBe(503);
      expect(Number(rest.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await rest.json()).toEqual({
        error: { code: "SERVICE_UNAVAILABLE", message: "The database is unavailable, try again shortly" },
      });

      // Liveness never depends on the database; health reports it instead of failing.
      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      expect(await client.system.health.query()).toMatchObject({ status: "degraded", database: { status: "down" } });
    } finally {
      server.resume();
    }

    await vi.waitFor(async () => expect(await readiness()).toBe(200), { timeout: 20_000, interval: 250 });
    expect(await client.monitor.list.query({})).toMatchObject({ items: [] });
    const rest = await fetch(`${api.url}/api/v1/monitors`, { headers: { "x-api-key": key } });
    expect(rest.status).toBe(200);
  }, 60_000);
});
