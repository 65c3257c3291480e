import { loadConfigOrExit } from "@pingpilot/config";
import { openDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { createMetrics } from "@pingpilot/metrics";
import packageJson from "../package.json" with { type: "json" };
import { startServer } from "./server.ts";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "api" });

process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

const db = await openDatabase(config.database, logger);
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
