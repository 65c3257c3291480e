import { loadConfigOrExit } from "@pingpilot/config";
import { detectServerFeatures, enableResultTtl, openDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { createMetrics, startMetricsServer } from "@pingpilot/metrics";
import { checkMetricsObservers } from "./check-metrics.ts";
import { startScheduler } from "./start-scheduler.ts";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "scheduler" });

process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));

const db = await openDatabase(config.database, logger);
const features = await detectServerFeatures(db);
logger.info({ server: features.server }, "database server");
await enableResultTtl(db, features, config.monitoring.resultRetentionDays, logger);
const metrics = createMetrics();
metrics.observeDatabasePool(() => db.poolStats());
const { host: metricsHost, port: metricsPort } = config.metrics.scheduler;
const metricsServer =
  metricsPort === undefined
    ? undefined
    : startMetricsServer({ metrics, host: metricsHost, port: metricsPort, token: config.metrics.token, logger });
const scheduler = startScheduler({
  config,
  db,
  logger,
  clock: systemClock,
  metrics,
  ...checkMetricsObservers(metrics),
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "scheduler shutting down");
  await scheduler.stop(config.shutdownTimeoutMs);
  await metricsServer?.close();
  await db.close();
  logger.info("scheduler stopped");
  logger.flush();
  process.exit(0);
}

process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
