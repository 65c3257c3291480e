import { loadConfigOrExit } from "@pingpilot/config";
import { detectServerFeatures, enableResultTtl, openDatabase } from "@pingpilot/db";
import { systemClock } from "@pingpilot/domain";
import { createLogger } from "@pingpilot/logger";
import { createMetrics, startMetricsServer } from "@pingpilot/metrics";
import { alertOnCrash, operatorAlertsFromConfig } from "@pingpilot/notifications";
import { checkMetricsObservers } from "./check-metrics.ts";
import { startScheduler } from "./start-scheduler.ts";

const config = loadConfigOrExit();
const logger = createLogger({ ...config.log, name: "scheduler" });

const db = await openDatabase(config.database, logger);
// Unhandled errors are logged and reported to the operator (OPERATOR_ALERT_*), rate-limited.
const alerts = operatorAlertsFromConfig(config, {
  db,
  clock: systemClock,
  logger,
  source: `scheduler ${config.scheduler.instanceId}`,
});
alertOnCrash(process, {
  alerts,
  logger,
  processName: "scheduler",
  exit: (code) => {
    logger.flush();
    process.exit(code);
  },
});
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
  alerts,
  ...checkMetricsObservers(metrics),
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    logger.info({ signal }, "already shutting down");
    return;
  }
  stopping = true;
  logger.info({ signal }, "scheduler shutting down");
  let exitCode = 0;
  try {
    await scheduler.stop(config.shutdownTimeoutMs);
    await metricsServer?.close();
    await db.close();
    logger.info("scheduler stopped");
  } catch (error) {
    // E.g. the database died first: exit anyway (a rejected shutdown used to leave the process running).
    logger.error({ err: error }, "scheduler shutdown failed");
    exitCode = 1;
  }
  logger.flush();
  process.exit(exitCode);
}

// `on`, not `once`: the same stop can be asked for twice (a terminal's Ctrl-C and a watcher forwarding
// it), and a second signal must not kill the process before its shutdown has finished.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
