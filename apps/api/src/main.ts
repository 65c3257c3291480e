import { hostname } from "node:os";
import { loadConfigOrExit } from "@pingpilot/config";
import { openDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { createMetrics } from "@pingpilot/metrics";
import { alertOnCrash, operatorAlertsFromConfig } from "@pingpilot/notifications";
import packageJson from "../package.json" with { type: "json" };
import { startServer } from "./server.ts";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "api" });

const db = await openDatabase(config.database, logger);
// Unhandled errors are logged and reported to the operator (OPERATOR_ALERT_*), rate-limited.
const alerts = operatorAlertsFromConfig(config, {
  db,
  clock: systemClock,
  logger,
  source: `api ${hostname()}-${process.pid}`,
});
alertOnCrash(process, {
  alerts,
  logger,
  processName: "API",
  exit: (code) => {
    logger.flush();
    process.exit(code);
  },
});
const metrics = createMetrics();
metrics.observeDatabasePool(() => db.poolStats());
const running = await startServer({
  config,
  db,
  logger,
  clock: systemClock,
  version: packageJson.version,
  startedAt: systemClock.now(),
  metrics,
});
// Under PM2 (`wait_ready`), a reload moves traffic to this worker only once it is listening.
if (process.send) process.send("ready");

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.info({ signal }, "already shutting down");
    return;
  }
  stopping = true;
  logger.info({ signal }, "shutting down");
  let exitCode = 0;
  try {
    await running.close();
    await db.close();
    logger.info("stopped");
  } catch (error) {
    // A rejected shutdown used to leave the process running; exit anyway, and say so.
    logger.error({ err: error }, "shutdown failed");
    exitCode = 1;
  }
  logger.flush();
  process.exit(exitCode);
}

// `on`, not `once`: the same stop can be asked for twice (a terminal's Ctrl-C and a watcher forwarding
// it), and a second signal must not kill the process before its shutdown has finished.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
