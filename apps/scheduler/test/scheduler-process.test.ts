import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { insertTestMonitor, insertTestUser, useTestDatabase } from "@pingpilot/db/testing";
import { monitorConfigSchema } from "@pingpilot/domain";
import { afterEach, expect, it } from "vitest";
import { type HttpTarget, startHttpTarget } from "./targets.ts";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const db = await useTestDatabase();
const children: ChildProcess[] = [];
const targets: HttpTarget[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const target of targets.splice(0)) await target.close();
  await db.models.Monitor.deleteMany({});
  await db.models.CheckResult.deleteMany({});
});

function startSchedulerProcess(instance: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      MONGODB_URI: `${db.uri}${db.dbName}`,
      SCHEDULER_INSTANCE_ID: instance,
      MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32",
      SCHEDULER_TICK_MS: "50",
      CHECK_FLUSH_MS: "100",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited };
}

async function httpMonitors(count: number, url: string, timeoutMs: number): Promise<void> {
  const userId = await insertTestUser(db);
  for (let i = 0; i < count; i++) {
    await insertTestMonitor(db, {
      userId,
      type: "http",
      config: monitorConfigSchema.parse({ type: "http", name: `m${i}`, url, timeoutMs, intervalSeconds: 60 }),
      intervalSeconds: 60,
    });
  }
}

it("SIGTERM while checks are in flight: the scheduler finishes them, writes every result and exits 0", async () => {
  const slow = await startHttpTarget({ delayMs: 1_500 });
  targets.push(slow);
  await httpMonitors(6, slow.url, 10_000);
  const scheduler = startSchedulerProcess("graceful", { SHUTDOWN_TIMEOUT_MS: "8000" });

  await expect.poll(() => slow.received(), { timeout: 20_000 }).toBe(6);
  scheduler.child.kill("SIGTERM");
  expect(await scheduler.exited).toBe(0);

  // Every check that reached the target was measured, and every measurement was stored.
  expect(await db.models.CheckResult.countDocuments({})).toBe(6);
  expect(await db.models.CheckResult.countDocuments({ status: "up" })).toBe(6);
  expect(await db.models.Monitor.countDocuments({ "lease.owner": "graceful" })).toBe(0);
});

it("SIGKILL mid-check: another scheduler checks the dead one's monitors once their lease expires", async () => {
  let hanging = true;
  const target = await startHttpTarget({ hang: () => hanging });
  targets.push(target);
  await httpMonitors(4, target.url, 2_000);
  const doomed = startSchedulerProcess("doomed", { CHECK_LEASE_MARGIN_MS: "1000" });
  await expect.poll(() => target.received(), { timeout: 20_000 }).toBe(4);
  doomed.child.kill("SIGKILL");
  await doomed.exited;
  hanging = false;
  expect(await db.models.Monitor.countDocuments({ "lease.owner": "doomed" })).toBe(4);

  startSchedulerProcess("survivor", { CHECK_LEASE_MARGIN_MS: "1000" });
  // The dead instance's claims last timeout (2 s) + margin (1 s); then the survivor takes over.
  await expect
    .poll(() => db.models.Monitor.countDocuments({ status: "up" }), { timeout: 20_000, interval: 200 })
    .toBe(4);
  // Each monitor's due check was done once, by the survivor: the dead instance measured nothing.
  expect(await db.models.CheckResult.countDocuments({})).toBe(4);
});

it("SIGKILL mid-batch: no monitor is left unchecked after the lease, and none has two results for one due time", async () => {
  const target = await startHttpTarget();
  targets.push(target);
  const total = 40;
  await httpMonitors(total, target.url, 2_000);
  const env = { CHECK_LEASE_MARGIN_MS: "1000", CHECK_BATCH_SIZE: "5" };
  const doomed = startSchedulerProcess("doomed-batch", env);
  // Killed while its batches are being written: some results are stored, the rest in flight or buffered.
  await expect
    .poll(() => db.models.CheckResult.countDocuments({}), { timeout: 30_000, interval: 20 })
    .toBeGreaterThan(0);
  doomed.child.kill("SIGKILL");
  await doomed.exited;
  expect(await db.models.CheckResult.countDocuments({})).toBeLessThan(total);

  const survivor = startSchedulerProcess("batch-survivor", env);
  await expect
    .poll(() => db.models.Monitor.countDocuments({ status: "up" }), { timeout: 90_000, interval: 250 })
    .toBe(total);
  survivor.child.kill("SIGTERM");
  expect(await survivor.exited).toBe(0);

  // A result's due time is that of its monitor's latest claim taken before the check started.
  const claims = await db.models.MonitorClaim.find({}).sort({ claimedAt: 1 }).lean();
  const results = await db.models.CheckResult.find({}).lean();
  const perDueTime = new Map<string, number>();
  for (const result of results) {
    const claim = claims.findLast(
      (c) => String(c.monitorId) === String(result.monitorId) && c.claimedAt.getTime() <= result.checkedAt.getTime(),
    );
    const due = `${String(result.monitorId)}@${claim?.dueAt.toISOString() ?? "unclaimed"}`;
    perDueTime.set(due, (perDueTime.get(due) ?? 0) + 1);
  }
  expect(new Set(results.map((result) => String(result.monitorId))).size).toBe(total);
  expect([...perDueTime].filter(([due, count]) => count > 1 || due.endsWith("unclaimed"))).toEqual([]);
}, 150_000);
