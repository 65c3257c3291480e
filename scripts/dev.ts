/**
 * Runs the whole service locally: one database (MONGODB_URI, or the embedded server with data
 * kept in PINGPILOT_DATA_DIR), the API and the scheduler, restarted on file changes.
 * `--no-watch` runs them without restarts. Ctrl-C stops everything gracefully.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadConfigOrExit } from "@pingpilot/config";
import { startEmbeddedDatabase } from "@pingpilot/db";
import { createLogger } from "@pingpilot/logger";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "dev" });
const watch = !process.argv.includes("--no-watch");

const embedded = config.database.uri
  ? undefined
  : await startEmbeddedDatabase({
      choice: config.database.embedded,
      dataDir: config.database.dataDir,
      ...(config.database.ferretdbBin ? { ferretdbBin: config.database.ferretdbBin } : {}),
      logger,
    });
const mongoUri = config.database.uri ?? `${embedded?.uri}pingpilot`;

const apps = ["api", "scheduler"] as const;
const children = new Map<string, ChildProcess>();
let stopping = false;

for (const app of apps) {
  const main = fileURLToPath(new URL(`../apps/${app}/src/main.ts`, import.meta.url));
  const child = spawn(process.execPath, [...(watch ? ["--watch", "--watch-preserve-output"] : []), main], {
    env: { ...process.env, MONGODB_URI: mongoUri },
    stdio: "inherit",
  });
  children.set(app, child);
  child.on("exit", (code, signal) => {
    children.delete(app);
    if (!stopping) {
      logger.error({ app, code, signal }, `${app} exited unexpectedly; stopping`);
      void stop(1);
    }
  });
}
logger.info({ apps, api: `http://${config.api.host}:${config.api.port}`, watch }, "Ping Pilot is running");

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = [...children.values()].map(
    (child) => new Promise<void>((resolve) => child.once("exit", () => resolve())),
  );
  for (const child of children.values()) child.kill("SIGTERM");
  await Promise.all(exits);
  await embedded?.stop();
  logger.info("all stopped");
  logger.flush();
  process.exit(exitCode);
}

process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));
