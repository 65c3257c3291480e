import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient } from "@pingpilot/client";
import { afterEach, expect, inject, it } from "vitest";

const apiMain = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const schedulerMain = fileURLToPath(new URL("../../scheduler/src/main.ts", import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts an app's main.ts like production would, and reads its JSON log lines. */
function startProcess(main: string) {
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    LOG_PRETTY: "false",
    API_PORT: "0",
    MONGODB_URI: `${inject("mongoUri")}proc_${randomBytes(4).toString("hex")}`,
  };
  const child = spawn(process.execPath, [main], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, logs, exited };
}

it("the API process serves, then on SIGTERM stops cleanly with exit code 0", async () => {
  const api = startProcess(apiMain);
  await expect.poll(() => api.logs.find((l) => l.msg === "api listening"), { timeout: 20_000 }).toBeDefined();
  const url = String(api.logs.find((l) => l.msg === "api listening")?.url);
  const health = await createClient({ url }).system.health.query();
  expect(health.database.status).toBe("up");

  api.child.kill("SIGTERM");
  expect(await api.exited).toBe(0);
  expect(api.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
});

it("the scheduler process schedules its jobs, then on SIGTERM stops cleanly with exit code 0", async () => {
  const scheduler = startProcess(schedulerMain);
  await expect.poll(() => scheduler.logs.find((l) => l.msg === "scheduler started"), { timeout: 20_000 }).toBeDefined();
  scheduler.child.kill("SIGTERM");
  expect(await scheduler.exited).toBe(0);
  expect(scheduler.logs.map((l) => l.msg)).toContain("scheduler stopped");
});
