import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "./create-metrics.ts";
import { hasBearerToken, metricsHandler } from "./metrics-handler.ts";

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: ReturnType<typeof metricsHandler>): Promise<string> {
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe("createMetrics", () => {
  it("exposes every documented series, with Node's default metrics under their standard names", async () => {
    const metrics = createMetrics();
    metrics.jobRuns.inc({ job: "prune-job-runs", status: "succeeded" });
    metrics.observeDatabasePool(() => ({ inUse: 2, available: 5 }));
    const text = await metrics.render();
    for (const name of [
      "pingpilot_http_request_duration_seconds",
      "pingpilot_trpc_procedure_duration_seconds",
      "pingpilot_checks_run_total",
      "pingpilot_check_duration_seconds",
      "pingpilot_scheduler_start_lag_seconds",
      "pingpilot_scheduler_leases_held",
      "pingpilot_scheduler_due_unclaimed_monitors",
      "pingpilot_outbox_backlog",
      "pingpilot_outbox_delivery_failures_total",
      "pingpilot_job_runs_total",
      "pingpilot_job_duration_seconds",
      "pingpilot_mongodb_pool_connections_in_use",
      "pingpilot_mongodb_pool_connections_available",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('pingpilot_job_runs_total{job="prune-job-runs",status="succeeded"} 1');
    expect(text).toContain("pingpilot_mongodb_pool_connections_in_use 2");
    expect(text).toContain("pingpilot_mongodb_pool_connections_available 5");
  });

  it("two metric sets in one process do not collide", async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false, prefix: "other_" });
    a.checksRun.inc({ type: "http", result: "up" });
    expect(await a.render()).toContain('pingpilot_checks_run_total{type="http",result="up"} 1');
    expect(await b.render()).toContain("# TYPE other_checks_run_total counter");
    expect(await b.render()).not.toContain("pingpilot_");
  });
});

describe("the /metrics handler", () => {
  it("refuses a scrape without the bearer token and serves one with it", async () => {
    const url = await serve(
      metricsHandler(createMetrics({ defaultMetrics: false }), { token: "s3cret-token-0123456789" }),
    );
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token" } })).status).toBe(401);
    const scrape = await fetch(url, { headers: { authorization: "Bearer s3cret-token-0123456789" } });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scrape.text()).toContain("pingpilot_job_runs_total");
  });

  it("bearer tokens compare exactly", () => {
    expect(hasBearerToken("Bearer abc", "abc")).toBe(true);
    expect(hasBearerToken("bearer abc", "abc")).toBe(true);
    expect(hasBearerToken("Bearer abcd", "abc")).toBe(false);
    expect(hasBearerToken("Basic abc", "abc")).toBe(false);
    expect(hasBearerToken(undefined, "abc")).toBe(false);
  });
});
