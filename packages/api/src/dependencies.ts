import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { Metrics } from "@pingpilot/metrics";

/** What every procedure can reach: built once per process, shared by every request. */
export interface ApiDependencies {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  version: string;
  startedAt: Date;
  /** Prometheus series; absent in scripts and tests that do not look at them. */
  metrics?: Metrics | undefined;
}
