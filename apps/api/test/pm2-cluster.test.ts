import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@pingpilot/client";
import { connectDatabase } from "@pingpilot/db";
import { testLogger } from "@pingpilot/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePortPair } from "./free-port.ts";
import { parsePrometheusText, sampleSum, sampleValue } from "./prometheus-text.ts";

/**
 * The production path end to end: the esbuild bundle, started by PM2 (from the npm registry) with the
 * repository's ecosystem.config.cjs, two API workers in cluster mode plus one scheduler, on 127.0.0.1,
 * with a private PM2_HOME in a temporary directory (never ~/.pm2).
 */
const root = fileURLToPath(new URL("../../../", import.meta.url));
const pm2Bin = createRequire(import.meta.url).resolve("pm2/bin/pm2");
const token = "pm2-cluster-metrics-token-0123";
const authorized = { headers: { authorization: `Bearer ${token}` } };

let pm2Home: string;
let env: Record<string, string>;
let apiUrl: string;
let metricsPorts: [number, number];
let schedulerMetricsPort: number;
const dbName = `pm2_${randomBytes(4).toString("hex")}`;

/** Runs the pm2 CLI against our private PM2_HOME without blocking the event loop (requests keep flowing). */
function pm2(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [pm2Bin, ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A client that remembers which worker (`x-served-by`, the pid) answered each request. */
function recordingClient(servedBy: string[]) {
  return createClient({
    url: apiUrl,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      servedBy.push(String(response.headers.get("x-served-by")));
      return response;
    },
  });
}

async function scrape(url: string) {
  const response = await fetch(url, authorized);
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

beforeAll(async () => {
  // Always rebuild: a dist/ left from older sources would test the wrong code. The build replaces
  // files atomically, so a concurrent run never starts half a bundle.
  for (const app of ["api", "scheduler"]) {
    const build = spawnSync(process.execPath, [join(root, "scripts", "build-app.ts")], {
      cwd: join(root, "apps", app),
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(build.status, build.stderr).toBe(0);
  }

  pm2Home = await mkdtemp(join(tmpdir(), "pingpilot-pm2-"));
  // PM2 announces itself and checks for updates on its first run in a home without this file.
  await writeFile(join(pm2Home, "touch"), String(Date.now()));
  const [apiPort] = await freePortPair();
  metricsPorts = await freePortPair();
  [schedulerMetricsPort] = await freePortPair();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  env = {
    PATH: String(process.env.PATH),
    HOME: pm2Home,
    PM2_HOME: pm2Home,
    PM2_DISABLE_VERSION_CHECK: "true",
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    MONGODB_URI: `${inject("mongoUri")}${dbName}`,
    AUTH_JWT_KEYS: `pm2test:${randomBytes(24).toString("hex")}`,
    API_HOST: "127.0.0.1",
    API_PORT: String(apiPort),
    METRICS_TOKEN: token,
    METRICS_PORT: String(metricsPorts[0]),
    SCHEDULER_METRICS_PORT: String(schedulerMetricsPort),
    SHUTDOWN_TIMEOUT_MS: "5000",
    PINGPILOT_API_INSTANCES: "2",
    PINGPILOT_SCHEDULER_INSTANCES: "1",
    PINGPILOT_LOG_DIR: join(pm2Home, "logs"),
  };
  const started = await pm2("start", join(root, "ecosystem.config.cjs"));
  expect(started.code, started.output).toBe(0);
}, 180_000);

afterAll(async () => {
  if (!pm2Home) return;
  const killed = await pm2("kill");
  if (killed.code !== 0) {
    // Last resort: the daemon we started, by its pid; it takes its workers with it.
    const pid = Number(await readFile(join(pm2Home, "pm2.pid"), "utf8").catch(() => "0"));
    if (pid > 0) process.kill(pid, "SIGKILL");
  }
  const db = await connectDatabase({ uri: inject("mongoUri"), dbName }, testLogger());
  await db.connection.dropDatabase();
  await db.close();
  await rm(pm2Home, { recursive: true, force: true });
}, 60_000);

describe("the production build under PM2", () => {
  it("two cluster workers answer the typed client, and each serves its own metrics", async () => {
    const servedBy: string[] = [];
    let calls = 0;
    // Parallel calls from separate clients open separate connections, which the cluster spreads over workers.
    for (let round = 0; round < 20 && new Set(servedBy).size < 2; round += 1) {
      const clients = Array.from({ length: 4 }, () => recordingClient(servedBy));
      const answers = await Promise.all(clients.map((client) => client.system.health.query()));
      calls += answers.length;
      for (const health of answers) expect(health).toMatchObject({ status: "ok", database: { status: "up" } });
    }
    expect(new Set(servedBy).size).toBe(2);

    const [first, second] = await Promise.all(metricsPorts.map((port) => scrape(`http://127.0.0.1:${port}/metrics`)));
    const workers = [first ?? [], second ?? []];
    const healthCalls = workers.map((samples) =>
      sampleSum(samples, "pingpilot_trpc_procedure_duration_seconds_count", { procedure: "system.health", code: "OK" }),
    );
    // Every call was answered by exactly one worker, and both took some.
    expect(healthCalls.reduce((a, b) => a + b, 0)).toBe(calls);
    expect(Math.min(...healthCalls)).toBeGreaterThan(0);
    for (const samples of workers) {
      expect(
        sampleValue(samples, "pingpilot_http_request_duration_seconds_count", { route: "/trpc", status: "200" }),
      ).toBeGreaterThan(0);
      expect(sampleValue(samples, "pingpilot_mongodb_pool_connections_available")).toBeGreaterThanOrEqual(1);
      expect(sampleValue(samples, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    }

    // The public port serves /metrics too (a token is set), from whichever worker takes the scrape.
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(401);
    expect(
      sampleSum(await scrape(`${apiUrl}/metrics`), "pingpilot_http_request_duration_seconds_count"),
    ).toBeGreaterThan(0);

    // The scheduler runs as a forked instance with its own metrics endpoint.
    const scheduler = await scrape(`http://127.0.0.1:${schedulerMetricsPort}/metrics`);
    expect(sampleValue(scheduler, "pingpilot_mongodb_pool_connections_available")).toBeGreaterThanOrEqual(1);
    expect(scheduler.some((sample) => sample.name.startsWith("pingpilot_scheduler_start_lag_seconds"))).toBe(true);
  });

  it("pm2 reload replaces both workers while a steady stream of requests sees no failure", async () => {
    const before: string[] = [];
    await Promise.all(Array.from({ length: 4 }, () => recordingClient(before).system.health.query()));

    const servedBy: string[] = [];
    const client = recordingClient(servedBy);
    const failures: unknown[] = [];
    let reloaded: { code: number | null; output: string } | undefined;
    const reload = pm2("reload", "pingpilot-api").then((result) => {
      reloaded = result;
    });
    // Sequential requests until the reload is done and at least 200 were sent; bounded either way.
    let sent = 0;
    while ((sent < 200 || reloaded === undefined) && sent < 5_000) {
      sent += 1;
      await client.system.health.query().catch((error: unknown) => failures.push(error));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await reload;
    expect(reloaded?.code, reloaded?.output).toBe(0);
    expect(failures).toEqual([]);
    expect(servedBy).toHaveLength(sent);

    // New workers answer now.
    const after: string[] = [];
    await Promise.all(Array.from({ length: 4 }, () => recordingClient(after).system.health.query()));
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });
});
