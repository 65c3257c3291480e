import type { Config } from "@pingpilot/config";
import type { Database } from "@pingpilot/db";
import type { Clock } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { Metrics } from "@pingpilot/metrics";
import type { RecordOutcomes } from "@pingpilot/monitoring";

/** What a job may touch: the shared process dependencies plus its own abort signal. */
export interface JobContext {
  config: Config;
  db: Database;
  logger: Logger;
  clock: Clock;
  /** The process's outcome recorder, shared with the check loop (jobs that record outcomes use it). */
  recordOutcomes: RecordOutcomes;
  /** Aborted when the scheduler shuts down or the job outlives its timeout. */
  signal: AbortSignal;
  /** The process's Prometheus series, for jobs that feed one (absent in some tests). */
  metrics?: Metrics | undefined;
}

/** Numbers a job reports about its run (e.g. `{ deleted: 120 }`), stored in the job-run log. */
export type JobCounts = Record<string, number>;

export interface JobDefinition {
  /** Unique; also the lock name. */
  name: string;
  /** A cron expression (node-schedule syntax, seconds allowed). */
  schedule: string;
  /** How long a run may take before it is aborted; the lock lives a little longer than this. */
  timeoutMs: number;
  run(context: JobContext): Promise<JobCounts | undefined>;
}
