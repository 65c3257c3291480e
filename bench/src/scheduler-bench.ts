/**
 * Scheduler benchmark (issue 6). For each scenario: N monitors at a 30 s interval against loopback
 * targets (85 % fast HTTP, 5 % slow HTTP, 5 % failing HTTP, 5 % TCP), K scheduler processes running
 * the real check loop for `rounds` intervals against a real database. Reports checks per second,
 * start lag (start − due) p50/p99/max, missed and doubled checks, CPU and peak RSS per scheduler,
 * and the database server's CPU.
 *
 *   node bench/src/scheduler-bench.ts --monitors 1000,5000,10000 --instances 1,2 --backend sqlite
 *   options: --interval 30 --rounds 3 --concurrency 500 --out bench/results/scheduler-sqlite.md
 */
import { fork } from "node:child_process";
import { appendFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { connectDatabase } from "@pingpilot/db";
import { monitorConfigSchema, nextGridTime, spreadOffsetMs } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { Types } from "mongoose";
import { type BenchBackend, startBenchDatabase } from "./bench-database.ts";
import { type BenchTargets, startBenchTargets } from "./bench-targets.ts";

const { values } = parseArgs({
  options: {
    monitors: { type: "string", default: "1000,5000,10000" },
    instances: { type: "string", default: "1" },
    backend: { type: "string", default: "sqlite" },
    interval: { type: "string", default: "30" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "500" },
    writes: { type: "string", default: "full" },
    out: { type: "string" },
  },
});
const interval = Number(values.interval);
const rounds = Number(values.rounds);
const backend = values.backend as BenchBackend;
const logger = createLogger({ level: "info", pretty: false, name: "bench" });

interface WorkerReport {
  instance: string;
  starts: string[];
  lags: number[];
  cpuSeconds: number;
  wallSeconds: number;
  maxRssMb: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function targetFor(index: number, targets: BenchTargets) {
  const slot = index % 20;
  if (slot === 0) return { type: "http", url: targets.slowUrl, timeoutMs: 10_000 };
  if (slot === 1) return { type: "http", url: targets.failingUrl, timeoutMs: 10_000 };
  if (slot === 2) return { type: "tcp", host: "127.0.0.1", port: targets.tcpPort, timeoutMs: 5_000 };
  return { type: "http", url: targets.fastUrl, timeoutMs: 10_000 };
}

async function seed(uri: string, dbName: string, count: number, firstDue: Date, targets: BenchTargets) {
  const db = await connectDatabase({ uri, dbName }, logger);
  await db.ensureIndexes();
  const now = new Date();
  const user = await db.models.User.create({
    email: "bench@example.test",
    passwordHash: "x",
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  const grids = new Map<string, number>();
  for (let start = 0; start < count; start += 1_000) {
    const docs = Array.from({ length: Math.min(1_000, count - start) }, (_, i) => {
      const _id = new Types.ObjectId();
      const offsetMs = spreadOffsetMs(_id.toString(), interval);
      grids.set(_id.toString(), offsetMs);
      const config = monitorConfigSchema.parse({
        name: `bench ${start + i}`,
        intervalSeconds: interval,
        retriesBeforeIncident: 2,
        ...targetFor(start + i, targets),
      });
      return {
        _id,
        userId: user._id,
        name: config.name,
        type: config.type,
        config,
        intervalSeconds: interval,
        retriesBeforeIncident: 2,
        successesBeforeResolve: 1,
        nextDueAt: nextGridTime({ intervalSeconds: interval, offsetMs }, new Date(firstDue.getTime() - 1)),
        createdAt: now,
        updatedAt: now,
      };
    });
    await db.models.Monitor.insertMany(docs);
  }
  await db.close();
  return grids;
}

function startWorker(uri: string, instance: string): Promise<{ stop(): Promise<WorkerReport> }> {
  const worker = fork(fileURLToPath(new URL("./scheduler-worker.ts", import.meta.url)), {
    env: {
      ...process.env,
      NODE_ENV: "production",
      MONGODB_URI: uri,
      SCHEDULER_INSTANCE_ID: instance,
      MONITOR_ADDRESS_ALLOWLIST: "127.0.0.1/32",
      CHECK_CONCURRENCY: values.concurrency,
      BENCH_WRITES: values.writes,
      AUTH_JWT_KEYS: "bench:0123456789abcdef0123456789abcdef",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve) => {
    worker.once("message", () =>
      resolve({
        stop: () =>
          new Promise((done) => {
            worker.once("message", (report) => done(report as WorkerReport));
            worker.kill("SIGTERM");
          }),
      }),
    );
  });
}

async function scenario(count: number, instances: number, targets: BenchTargets) {
  const database = await startBenchDatabase(backend);
  const dbName = `bench_${count}_${instances}_${Date.now()}`;
  const uri = `${database.uri}${dbName}`;
  const firstDue = new Date(Date.now() + 20_000 + count);
  const grids = await seed(database.uri, dbName, count, firstDue, targets);
  const workers = await Promise.all(Array.from({ length: instances }, (_, i) => startWorker(uri, `bench-${i}`)));
  const dbCpuBefore = await database.cpuSeconds();
  const windowStart = firstDue.getTime();
  const windowEnd = windowStart + rounds * interval * 1000;
  await new Promise((resolve) => setTimeout(resolve, windowEnd - Date.now() + 5_000));
  const dbCpuAfter = await database.cpuSeconds();
  const reports = await Promise.all(workers.map((worker) => worker.stop()));
  await database.stop();

  // Expected: every grid point of every monitor inside the window.
  let expected = 0;
  const expectedKeys = new Set<string>();
  for (const [id, offsetMs] of grids) {
    let due = nextGridTime({ intervalSeconds: interval, offsetMs }, new Date(windowStart - 1)).getTime();
    for (; due < windowEnd; due += interval * 1000) {
      expectedKeys.add(`${id}@${due}`);
      expected += 1;
    }
  }
  const seen = new Map<string, number>();
  const lags: number[] = [];
  for (const report of reports) {
    report.starts.forEach((key, index) => {
      if (!expectedKeys.has(key)) return;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      lags.push(report.lags[index] ?? 0);
    });
  }
  const doubled = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
  const missed = expected - seen.size;
  lags.sort((a, b) => a - b);
  const checksPerSecond = seen.size / ((windowEnd - windowStart) / 1000);
  return {
    server: database.server,
    count,
    instances,
    expected,
    checksPerSecond,
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    lagMax: lags.at(-1) ?? Number.NaN,
    missed,
    doubled,
    cpu: reports.map((r) => `${Math.round((100 * r.cpuSeconds) / r.wallSeconds)} %`).join(" / "),
    rss: reports.map((r) => `${Math.round(r.maxRssMb)} MB`).join(" / "),
    dbCpu:
      dbCpuBefore === null || dbCpuAfter === null
        ? "n/a"
        : `${Math.round((100 * (dbCpuAfter - dbCpuBefore)) / ((windowEnd - windowStart) / 1000 + 5))} %`,
  };
}

const targets = await startBenchTargets();
const header = `| server | writes | monitors | schedulers | checks/s (target ${""}N/${interval}) | start lag p50 / p99 / max (ms) | missed / doubled (of expected) | scheduler CPU | scheduler peak RSS | DB server CPU |\n|---|---|---|---|---|---|---|---|---|---|\n`;
if (values.out) await writeFile(values.out, header, { flag: "a" });
for (const instances of values.instances.split(",").map(Number)) {
  for (const count of values.monitors.split(",").map(Number)) {
    const r = await scenario(count, instances, targets);
    const row = `| ${r.server} | ${values.writes} | ${r.count} | ${r.instances} | ${r.checksPerSecond.toFixed(1)} (${(r.count / interval).toFixed(1)}) | ${Math.round(r.lagP50)} / ${Math.round(r.lagP99)} / ${Math.round(r.lagMax)} | ${r.missed} / ${r.doubled} (of ${r.expected}) | ${r.cpu} | ${r.rss} | ${r.dbCpu} |\n`;
    logger.info({ result: r }, "scenario done");
    if (values.out) await appendFile(values.out, row);
    process.stdout.write(row);
  }
}
await targets.close();
process.exit(0);
