import { createClient, isClientError } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.stop());

describe("API host", () => {
  it("system.health answers through the typed client with the database up", async () => {
    const client = createClient({ url: api.url });
    const health = await client.system.health.query();
    expect(health.status).toBe("ok");
    expect(health.version).toBe("test");
    expect(health.database.status).toBe("up");
    expect(health.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("/healthz and /readyz answer 200 while the database is reachable", async () => {
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: { status: "up" } });
  });

  it("echoes a caller's request id and sets security headers", async () => {
    const response = await fetch(`${api.url}/healthz`, { headers: { "x-request-id": "trace-123" } });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("unknown routes get a JSON 404 and unknown procedures a typed NOT_FOUND", async () => {
    const response = await fetch(`${api.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const raw = await fetch(`${api.url}/trpc/system.nothing`);
    expect(raw.status).toBe(404);
  });

  it("a body over the size limit is refused with 413 and no stack trace", async () => {
    const response = await fetch(`${api.url}/trpc/system.health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filler: "x".repeat(200_000) }),
    });
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text).not.toMatch(/\n\s+at /);
  });

  it("client errors are typed", async () => {
    const client = createClient({ url: "http://127.0.0.1:1" });
    const error = await client.system.health.query().catch((e: unknown) => e);
    expect(isClientError(error)).toBe(true);
  });
});
