import { createClient } from "@pingpilot/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePrometheusText, sampleSum, sampleValue } from "./prometheus-text.ts";
import { startTestApi, type TestApi } from "./test-server.ts";

const token = "metrics-test-token-0123456789";
const authorized = { headers: { authorization: `Bearer ${token}` } };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { METRICS_TOKEN: token, METRICS_PORT: "0" } });
});
afterAll(async () => api.stop());

async function scrape(url = `${api.url}/metrics`) {
  const response = await fetch(url, authorized);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

describe("/metrics on the API", () => {
  it("after some traffic shows request and procedure durations by route, procedure and status", async () => {
    const client = createClient({ url: api.url });
    for (let i = 0; i < 3; i += 1) await client.system.health.query();
    await client.auth.me.query().catch(() => undefined);
    for (let i = 0; i < 2; i += 1) await fetch(`${api.url}/healthz`);
    await fetch(`${api.url}/monitors/64b7f0c2a1e4d3b2c1a09f8e/nothing-here`);
    await fetch(`${api.url}/trpc/system.health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filler: "x".repeat(200_000) }),
    });

    const samples = await scrape();
    const http = "pingpilot_http_request_duration_seconds_count";
    expect(sampleValue(samples, http, { method: "GET", route: "/healthz", status: "200" })).toBe(2);
    expect(sampleValue(samples, http, { method: "GET", route: "/trpc", status: "200" })).toBeGreaterThanOrEqual(3);
    expect(sampleValue(samples, http, { method: "GET", route: "/trpc", status: "401" })).toBe(1);
    expect(sampleValue(samples, http, { method: "GET", route: "(unmatched)", status: "404" })).toBe(1);
    expect(sampleValue(samples, http, { method: "POST", route: "/trpc", status: "413" })).toBe(1);
    // Raw URLs never become labels: the id in the unknown path is nowhere in the scrape.
    expect(samples.some((sample) => Object.values(sample.labels).some((v) => v.includes("64b7f0c2")))).toBe(false);
    expect(sampleValue(samples, "pingpilot_http_request_duration_seconds_sum", { route: "/healthz" })).toBeGreaterThan(
      0,
    );

    const trpc = "pingpilot_trpc_procedure_duration_seconds_count";
    expect(sampleValue(samples, trpc, { procedure: "system.health", type: "query", code: "OK" })).toBe(3);
    expect(sampleValue(samples, trpc, { procedure: "auth.me", type: "query", code: "UNAUTHORIZED" })).toBe(1);
    const healthBuckets = samples.filter(
      (s) => s.name === "pingpilot_trpc_procedure_duration_seconds_bucket" && s.labels.procedure === "system.health",
    );
    expect(healthBuckets.find((s) => s.labels.le === "+Inf")?.value).toBe(3);
  });

  it("shows the MongoDB pool, Node's event-loop lag and heap, and the series later code will feed", async () => {
    await createClient({ url: api.url }).system.health.query();
    const samples = await scrape();
    expect(sampleValue(samples, "pingpilot_mongodb_pool_connections_available")).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, "pingpilot_mongodb_pool_connections_in_use")).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sampleSum(samples, "nodejs_heap_size_used_bytes")).toBeGreaterThan(1_000_000);
    expect(sampleValue(samples, "pingpilot_scheduler_leases_held")).toBe(0);
    expect(sampleValue(samples, "pingpilot_check_duration_seconds_count")).toBeUndefined();
  });

  it("refuses a scrape without the bearer token", async () => {
    const anonymous = await fetch(`${api.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(`${api.url}/metrics`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    expect((await fetch(`${api.url}/metrics`, authorized)).status).toBe(200);
  });

  it("serves the same series on the internal metrics port, and says which process answered", async () => {
    const metricsUrl = await api.server.metricsServer?.listening;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const samples = await scrape(metricsUrl);
    expect(sampleSum(samples, "pingpilot_http_request_duration_seconds_count")).toBeGreaterThan(0);
    expect((await fetch(String(metricsUrl))).status).toBe(401);
    const health = await fetch(`${api.url}/healthz`);
    expect(health.headers.get("x-served-by")).toBe(String(process.pid));
  });
});

describe("/metrics in production without a token", () => {
  let production: TestApi;
  beforeAll(async () => {
    production = await startTestApi({
      env: {
        NODE_ENV: "production",
        MONGODB_URI: "mongodb://127.0.0.1:1/unused",
        AUTH_JWT_KEYS: `k1:${"p".repeat(40)}`,
        METRICS_PORT: "0",
      },
    });
  });
  afterAll(async () => production.stop());

  it("is not on the public port, only on the internal one", async () => {
    expect((await fetch(`${production.url}/metrics`)).status).toBe(404);
    const internal = await fetch(String(await production.server.metricsServer?.listening));
    expect(internal.status).toBe(200);
    expect(await internal.text()).toContain("pingpilot_http_request_duration_seconds");
  });
});
