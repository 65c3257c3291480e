import { loadConfigOrExit } from "@pingpilot/config";
import { openDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { allJobs } from "./jobs/index.ts";
import { createJobRunner } from "./runner.ts";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "scheduler" });

process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

const db = await openDatabase(config.database, logger);
const runner = createJobRunner({ config, db, logger, clock: systemClock, instanceId: config.scheduler.instanceId });
for (const job of allJobs) runner.schedule(job);
logger.info({ instance: config.scheduler.instanceId, jobs: allJobs.length }, "scheduler started");

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "scheduler shutting down");
  await runner.stop(config.shutdownTimeoutMs);
  await db.close();
  logger.info("scheduler stopped");
  logger.flush();
  process.exit(0);
}

process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
