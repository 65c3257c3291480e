/**
 * Runs the whole service locally: one database (MONGODB_URI, or the embedded server with data
 * kept in PINGPILOT_DATA_DIR), the API and the scheduler, restarted on file changes.
 * `--no-watch` runs them without restarts on file changes (`start`).
 *
 * Supervision: the embedded database, and an app that exits on its own, are restarted with back-off
 * (same port and data, so the apps reconnect); one that keeps dying (more than 3 restarts within
 * 60 s) stops everything with one message and exit code 1. Ctrl-C or SIGTERM stops the apps, then
 * the database, and exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadConfigOrExit } from "@pingpilot/config";
import { type SupervisedServer, startEmbeddedDatabase } from "@pingpilot/db";
import { createLogger } from "@pingpilot/logger";
import { type RestartBudget, restartBudget } from "./lib/restart-budget.ts";
import { waitUntilReady } from "./lib/wait-until-ready.ts";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "dev" });
const watch = !process.argv.includes("--no-watch");
const budget = (): RestartBudget =>
  restartBudget({ maxRestarts: 3, windowMs: 60_000, baseDelayMs: 500, maxDelayMs: 4_000 });

// The apps' own shutdown gives in-flight work SHUTDOWN_TIMEOUT_MS; past that and a margin, they are killed.
const graceMs = config.shutdownTimeoutMs + 5_000;
let stopping = false;
const pending = new Set<Promise<void>>();
const children = new Map<string, ChildProcess>();

const embedded = config.database.uri
  ? undefined
  : await startEmbeddedDatabase({
      choice: config.database.embedded,
      dataDir: config.database.dataDir,
      ...(config.database.ferretdbBin ? { ferretdbBin: config.database.ferretdbBin } : {}),
      detached: true,
      logger,
    });
const mongoUri = config.database.uri ?? `${embedded?.uri}pingpilot`;
if (embedded?.supervised) superviseDatabase(embedded.supervised);

/** Runs `work` after `delayMs` unless a stop begins first; stop() waits for it, so nothing starts after. */
function later(delayMs: number, work: () => Promise<void>): void {
  const run = new Promise<void>((done) => setTimeout(done, delayMs))
    .then(() => (stopping ? undefined : work()))
    .finally(() => pending.delete(run));
  pending.add(run);
}

function superviseDatabase(server: SupervisedServer): void {
  const restarts = budget();
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping) return;
    const delayMs = restarts.next();
    if (delayMs === undefined) {
      giveUp("the embedded database keeps dying (more than 3 restarts within 60 s); stopping everything");
      return;
    }
    logger.error({ code, signal, restartInMs: delayMs }, "embedded database exited unexpectedly; restarting it");
    later(delayMs, async () => {
      try {
        await server.restart();
      } catch (error) {
        logger.error({ err: error }, "embedded database did not start again");
        onExit(null, null);
        return;
      }
      logger.info({ serverPid: server.child.pid, uri: embedded?.uri }, "embedded database restarted");
      server.child.once("exit", onExit);
    });
  };
  server.child.once("exit", onExit);
}

function startApp(app: "api" | "scheduler", restarts: RestartBudget): void {
  const main = fileURLToPath(new URL(`../apps/${app}/src/main.ts`, import.meta.url));
  // A process group of its own: a terminal's Ctrl-C reaches only this supervisor, which forwards one
  // SIGTERM (node --watch passes it on once), instead of every process receiving it, some twice.
  const child = spawn(process.execPath, [...(watch ? ["--watch", "--watch-preserve-output"] : []), main], {
    env: { ...process.env, MONGODB_URI: mongoUri },
    stdio: "inherit",
    detached: true,
  });
  children.set(app, child);
  child.once("exit", (code, signal) => {
    children.delete(app);
    if (stopping) return;
    const delayMs = restarts.next();
    if (delayMs === undefined) {
      giveUp(`${app} keeps dying (more than 3 restarts within 60 s); stopping everything`);
      return;
    }
    logger.error({ app, code, signal, restartInMs: delayMs }, `${app} exited unexpectedly; restarting it`);
    later(delayMs, async () => startApp(app, restarts));
  });
}

/** SIGTERM, then SIGKILL to its process group (watcher and app) if it has not stopped in time. */
function stopChild(app: string, child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const killer = setTimeout(() => {
      logger.error({ app }, `${app} did not stop within ${graceMs} ms; killed`);
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, graceMs);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function giveUp(message: string): void {
  logger.fatal(message);
  void stop(1);
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(pending);
  await Promise.all([...children].map(([app, child]) => stopChild(app, child)));
  await embedded?.stop();
  logger.info("all stopped");
  logger.flush();
  process.exit(exitCode);
}

for (const app of ["api", "scheduler"] as const) startApp(app, budget());

// Said only once the API answers /readyz, so the address it prints already works when it appears.
const apiHost = config.api.host === "0.0.0.0" || config.api.host === "::" ? "127.0.0.1" : config.api.host;
const apiUrl = `http://${apiHost.includes(":") ? `[${apiHost}]` : apiHost}:${config.api.port}`;
const readyBy = Date.now() + 120_000;
// API_PORT=0 (tests): only the API knows its port, and its "api listening" line says it.
if (config.api.port !== 0) {
  void waitUntilReady(`${apiUrl}/readyz`, { shouldGiveUp: () => stopping || Date.now() > readyBy }).then((ready) => {
    if (ready) logger.info({ apps: ["api", "scheduler"], api: apiUrl, watch }, "Ping Pilot is running");
    else if (!stopping) logger.warn({ api: apiUrl }, "the API did not answer /readyz within 2 minutes");
  });
}

// `on`, not `once`: a second Ctrl-C while stopping must not kill the supervisor with the apps half-stopped.
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
