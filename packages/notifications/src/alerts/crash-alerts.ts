import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import { emailSenderFromConfig } from "../email/email-sender.ts";
import { createOperatorAlerts, type OperatorAlerts } from "./operator-alerts.ts";

/** The operator alerts of one process, built from its configuration (the email sender included). */
export function operatorAlertsFromConfig(
  config: Config,
  deps: { db: Database; clock: Clock; logger: Logger; source: string },
): OperatorAlerts {
  const email = emailSenderFromConfig(config.email, deps.logger);
  return createOperatorAlerts({ ...deps, config: config.operatorAlerts, email });
}

/** The part of `process` the crash handlers use (tests pass an EventEmitter). */
export interface CrashSource {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  on(event: "uncaughtException", listener: (error: Error) => void): unknown;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Reports unhandled errors to the operator. An unhandled rejection is logged and alerted and the process
 * goes on (as before); an uncaught exception leaves the process in an unknown state, so after the alert
 * (or `graceMs` at most) it exits with code 1 and the supervisor (PM2) restarts it.
 */
export function alertOnCrash(
  source: CrashSource,
  deps: { alerts: OperatorAlerts; logger: Logger; processName: string; exit: (code: number) => void; graceMs?: number },
): void {
  source.on("unhandledRejection", (reason) => {
    void deps.alerts.raise({
      kind: "unhandled-rejection",
      summary: `Unhandled promise rejection in the ${deps.processName}`,
      details: { error: errorText(reason) },
    });
  });
  source.on("uncaughtException", (error) => {
    deps.logger.fatal({ err: error }, "uncaught exception: exiting");
    const timer = setTimeout(() => deps.exit(1), deps.graceMs ?? 5_000);
    timer.unref();
    void deps.alerts
      .raise({
        kind: "uncaught-exception",
        summary: `Uncaught exception in the ${deps.processName}: it exits and restarts`,
        details: { error: errorText(error) },
      })
      .finally(() => {
        clearTimeout(timer);
        deps.exit(1);
      });
  });
}
