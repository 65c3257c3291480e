import type { ChildProcess } from "node:child_process";
import { createClient } from "@pingpilot/client";
import { afterEach, expect, it } from "vitest";
import { apiMain, schedulerMain, startAppProcess } from "./app-process.ts";

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

function startProcess(main: string) {
  const started = startAppProcess(main);
  children.push(started.child);
  return started;
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
