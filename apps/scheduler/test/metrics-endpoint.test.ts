import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, expect, inject, it } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

it("the scheduler process serves its own /metrics on SCHEDULER_METRICS_PORT, behind the token, on loopback", async () => {
  const token = "scheduler-metrics-token-0123";
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_PRETTY: "false",
      SCHEDULER_METRICS_PORT: "0",
      METRICS_TOKEN: token,
      MONGODB_URI: `${inject("mongoUri")}schedmetrics_${randomBytes(4).toString("hex")}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await expect.poll(() => logs.find((l) => l.msg === "scheduler started"), { timeout: 20_000 }).toBeDefined();
  const url = String(logs.find((l) => l.msg === "metrics listening")?.url);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

  expect((await fetch(url)).status).toBe(401);
  const scrape = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(scrape.status).toBe(200);
  const text = await scrape.text();
  expect(text).toContain("# TYPE pingpilot_job_runs_total counter");
  expect(text).toContain("# TYPE pingpilot_checks_run_total counter");
  expect(text).toMatch(/^pingpilot_mongodb_pool_connections_available [1-9]/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);

  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
});
