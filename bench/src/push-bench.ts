/**
 * Heartbeat push endpoint latency: the real API process (apps/api/src/main.ts) on FerretDB/SQLite (or
 * MONGODB_URI), a few heartbeat monitors made through @pingpilot/client, then timed pings:
 *   - sequential GETs on a keep-alive connection (a script pinging in a loop),
 *   - sequential GETs each on a new connection (what `curl` from a crontab does),
 *   - 16 concurrent senders (many cron jobs at :00),
 *   - unknown tokens (404).
 * Every ping goes the whole way: rate-limit counters, token lookup, outcome recorder (result, state,
 * daily summary), response. Writes bench/results/push-latency.json and prints a summary.
 *
 *   node bench/src/push-bench.ts [--pings 2000]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createClient } from "@pingpilot/client";
import { startBenchDatabase } from "./bench-database.ts";

const { values } = parseArgs({ options: { pings: { type: "string", default: "2000" } } });
const pings = Number(values.pings);
const apiMain = fileURLToPath(new URL("../../apps/api/src/main.ts", import.meta.url));
const resultFile = fileURLToPath(new URL("../results/push-latency.json", import.meta.url));

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startApi(uri: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [apiMain], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      MONGODB_URI: uri,
      API_PORT: String(port),
      AUTH_JWT_KEYS: "bench:0123456789abcdef0123456789abcdef",
      LOG_LEVEL: "info",
      PUSH_RATE_LIMIT_PER_TOKEN: "1000000",
      PUSH_RATE_LIMIT_PER_IP: "1000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the API did not become ready");
}

/** One GET; resolves with the status and the milliseconds until the whole answer arrived. */
function timedGet(url: string, agent: Agent | false): Promise<{ status: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(url, { agent, headers: { "user-agent": "curl/8.5.0" } }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

function summarize(samples: number[], wallMs?: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    count: sorted.length,
    p50Ms: round(at(50)),
    p90Ms: round(at(90)),
    p99Ms: round(at(99)),
    maxMs: round(sorted.at(-1) ?? 0),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
    ...(wallMs ? { pingsPerSecond: Math.round((sorted.length / wallMs) * 1000) } : {}),
  };
}

async function sequential(urls: string[], count: number, agent: Agent | false) {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const { status, ms } = await timedGet(urls[index % urls.length] ?? "", agent);
    if (status >= 500 || status === 429) throw new Error(`unexpected status ${status}`);
    samples.push(ms);
  }
  return samples;
}

async function concurrent(urls: string[], count: number, senders: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: senders });
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < count) {
        const index = next++;
        const { status, ms } = await timedGet(urls[index % urls.length] ?? "", agent);
        if (status !== 200) throw new Error(`unexpected status ${status}`);
        samples.push(ms);
      }
    }),
  );
  agent.destroy();
  return { samples, wallMs: performance.now() - started };
}

const database = await startBenchDatabase("sqlite");
const api = await startApi(`${database.uri}push_bench_${Date.now()}`);
try {
  const bare = createClient({ url: api.url });
  const user = await bare.auth.register.mutate({
    email: "push-bench@example.com",
    password: "correct horse battery staple",
    delivery: "body",
  });
  const client = createClient({ url: api.url, getAccessToken: () => user.accessToken });
  const urls: string[] = [];
  for (let index = 0; index < 20; index++) {
    const monitor = await client.monitor.create.mutate({
      type: "heartbeat",
      name: `job ${index}`,
      schedule: { kind: "period", periodSeconds: 60 },
    });
    urls.push(`${api.url}/push/${monitor.heartbeat?.pushUrl.split("/push/")[1]}`);
  }
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  await sequential(urls, 200, keepAlive); // warm-up: JIT, connection pool, summary days created

  const sequentialKeepAlive = summarize(await sequential(urls, pings, keepAlive));
  const sequentialNewConnection = summarize(await sequential(urls, Math.min(pings, 1_000), false));
  const burst = await concurrent(urls, pings, 16);
  const unknown = [`${api.url}/push/${"x".repeat(24)}`];
  const unknownToken404 = summarize(await sequential(unknown, Math.min(pings, 1_000), keepAlive));
  // The host's own floor: Express, helmet, compression, pino-http, metrics, no database.
  const healthz = summarize(await sequential([`${api.url}/healthz`], Math.min(pings, 1_000), keepAlive));
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version },
    database: database.server,
    pings,
    sequentialKeepAlive,
    sequentialNewConnection,
    concurrent16: summarize(burst.samples, burst.wallMs),
    unknownToken404,
    healthzBaseline: healthz,
  };
  keepAlive.destroy();
  await writeFile(resultFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  api.process.kill("SIGTERM");
  await new Promise((resolve) => api.process.once("exit", resolve));
  await database.stop();
}
