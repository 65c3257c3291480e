import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser } from "./auth-helpers.ts";
import { publicIp } from "./monitor-helpers.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

let api: TestApi;
let apiKey: string;
let otherKey: string;
beforeAll(async () => {
  api = await startTestApi({
    env: { RATE_LIMIT_REGISTER_PER_IP: "1000", PUBLIC_URL: "https://api.pingpilot.example" },
  });
  const owner = await registerUser(api);
  apiKey = (await owner.client.apiKey.create.mutate({ name: "rest", scope: "full" })).key;
  const other = await registerUser(api);
  otherKey = (await other.client.apiKey.create.mutate({ name: "rest", scope: "full" })).key;
});
afterAll(async () => api.stop());

interface SchemaLike {
  oneOf?: SchemaLike[];
  properties?: Record<string, SchemaLike>;
  const?: unknown;
  [keyword: string]: unknown;
}

interface OpenApiDocument {
  servers: unknown;
  paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }> }>>;
  components: { schemas: Record<string, SchemaLike> };
}

/** A monitor as REST returns it (JSON: dates are strings). */
interface RestMonitor {
  id: string;
  status: string;
  createdAt: string;
  config: { name: string };
}

interface RestError {
  error: { code: string; message: string; fieldErrors?: Record<string, string[]> };
}

async function rest<T = RestMonitor>(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key = apiKey, ...rest } = init;
  const response = await fetch(`${api.url}/api/v1${path}`, {
    ...rest,
    headers: {
      "content-type": "application/json",
      ...(key ? { "x-api-key": key } : {}),
      ...rest.headers,
    },
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

describe("OpenAPI and REST", () => {
  it("/openapi.json is a valid OpenAPI 3.1 document covering monitors, results, stats and push", async () => {
    const response = await fetch(`${api.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(document.servers).toEqual([{ url: "/" }]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/monitors",
        "/api/v1/monitors/{id}",
        "/api/v1/monitors/{id}/results",
        "/api/v1/monitors/{id}/stats",
        "/push/{token}",
        "/push/{token}/fail",
        "/push/{token}/{exitCode}",
      ]),
    );
    // Generated from the zod schemas: the create body knows every monitor type and its limits.
    const create = document.components.schemas.CreateMonitorInput ?? {};
    expect(create.oneOf?.map((option) => option.properties?.type?.const)).toEqual(["http", "tcp", "dns", "heartbeat"]);
    expect(create.oneOf?.[0]?.properties?.intervalSeconds).toMatchObject({ minimum: 20, maximum: 86_400 });
    expect(document.components.schemas.Monitor?.properties?.createdAt).toEqual({ type: "string", format: "date-time" });
    const resultsParams = document.paths["/api/v1/monitors/{id}/results"]?.get?.parameters.map(
      (parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`,
    );
    expect(resultsParams).toEqual(["path:id", "query:from", "query:to", "query:status", "query:cursor", "query:limit"]);
  });

  it("a monitor can be created, listed, read and its results and stats fetched over REST with an API key", async () => {
    const created = await rest("/monitors", {
      method: "POST",
      body: JSON.stringify({ type: "http", name: "REST made", url: `https://${publicIp}/` }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "pending", config: { name: "REST made", method: "GET" } });
    expect(typeof created.body.createdAt).toBe("string");
    const id = created.body.id as string;

    const list = await rest<{ items: RestMonitor[] }>("/monitors?limit=1&type=http");
    expect(list.status).toBe(200);
    expect(list.body.items.map((monitor) => monitor.id)).toEqual([id]);
    expect(list.headers.get("cache-control")).toBe("no-store");

    expect((await rest(`/monitors/${id}`)).body.config.name).toBe("REST made");
    const updated = await rest(`/monitors/${id}`, {
      method: "PATCH",
      body: JSON.stringify({ type: "http", name: "Renamed" }),
    });
    expect(updated.body.config.name).toBe("Renamed");
    expect((await rest<unknown>(`/monitors/${id}/results?limit=5&from=2026-01-01T00:00:00Z`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    const stats = await rest<{ windows: Record<string, unknown> }>(`/monitors/${id}/stats`);
    expect(stats.body.windows["24h"]).toMatchObject({ checks: 0, uptimePercent: null, incidents: 0 });
    expect((await rest<{ days: unknown[] }>(`/monitors/${id}/daily-summaries?days=2`)).body.days).toHaveLength(1);
    expect((await rest<{ total: number }>("/monitors/overview")).body.total).toBe(1);
    expect((await rest<unknown>(`/monitors/${id}`, { method: "DELETE" })).body).toEqual({ ok: true, id });
  });

  it("REST errors carry the status, code and field errors; other people's monitors are 404", async () => {
    const invalid = await rest<RestError>("/monitors", {
      method: "POST",
      body: JSON.stringify({ type: "http", name: "x", url: "http://127.0.0.1/", intervalSeconds: 1 }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe("BAD_REQUEST");
    expect(invalid.body.error.fieldErrors?.intervalSeconds).toBeDefined();

    const ssrf = await rest<RestError>("/monitors", {
      method: "POST",
      body: JSON.stringify({ type: "http", name: "x", url: "http://127.0.0.1/" }),
    });
    expect(ssrf.body.error.fieldErrors).toEqual({
      url: [expect.stringContaining("127.0.0.1 is a loopback address: not allowed unless MONITOR_ADDRESS_ALLOWLIST")],
    });

    const mine = await rest("/monitors", {
      method: "POST",
      body: JSON.stringify({ type: "tcp", name: "db", host: publicIp, port: 5432 }),
    });
    const foreign = await rest<RestError>(`/monitors/${mine.body.id}/stats`, { key: otherKey });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("NOT_FOUND");
    expect((await rest("/monitors", { key: null })).status).toBe(401);
  });

  it("/docs serves the Swagger UI page and its files from this host, reading /openapi.json", async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/docs/assets/swagger-ui-bundle.js"></script>');
    const bundle = await fetch(`${api.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${api.url}/docs/assets/swagger-ui.css`)).status).toBe(200);
    expect(await (await fetch(`${api.url}/docs/init.js`)).text()).toContain('url: "/openapi.json"');
  });
});
