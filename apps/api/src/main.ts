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
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  await running.close();
  await db.close();
  logger.info("stopped");
  logger.flush();
  process.exit(0);
}

process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
