import { commaList, type EnvOf, positiveInt } from "./env-fields.ts";

/** Every variable of the checks, the scheduler's check loop and data retention; spread into the environment schema. */
export const monitoringEnvShape = {
  /** Checks one scheduler instance has in flight at once (running, or claimed ahead and waiting to start). */
  CHECK_CONCURRENCY: positiveInt.max(10_000).default(500),
  /** Results are written in batches of this many, or every CHECK_FLUSH_MS. */
  CHECK_BATCH_SIZE: positiveInt.max(5_000).default(200),
  CHECK_FLUSH_MS: positiveInt.min(50).max(10_000).default(1_000),
  /** How often the scheduler looks for due monitors. */
  SCHEDULER_TICK_MS: positiveInt.min(50).max(10_000).default(1_000),
  /** A claim lasts the check's timeout plus this (time to write its result). */
  CHECK_LEASE_MARGIN_MS: positiveInt.min(1_000).max(300_000).default(15_000),
  /**
   * Targets allowed despite the address rules (loopback, private, link-local, metadata...):
   * comma-separated CIDRs, IPs, host names or *.wildcards. For self-hosters monitoring their own network.
   */
  MONITOR_ADDRESS_ALLOWLIST: commaList,
  /** Monitors one user may have. */
  MONITORS_PER_USER: positiveInt.max(100_000).default(100),
  /** Heartbeat pings per minute for one push token (a job with /start uses 2 a run). */
  PUSH_RATE_LIMIT_PER_TOKEN: positiveInt.default(60),
  /** Heartbeat pings per minute from one IP address (many jobs behind one NAT share it). */
  PUSH_RATE_LIMIT_PER_IP: positiveInt.default(1_200),
  /** Raw check results older than this are deleted (summaries keep the history). */
  RESULT_RETENTION_DAYS: positiveInt.max(3_650).default(30),
  /** Daily summaries older than this are deleted. */
  SUMMARY_RETENTION_DAYS: positiveInt.max(3_650).default(400),
};

export interface MonitoringConfig {
  concurrency: number;
  batchSize: number;
  flushMs: number;
  tickMs: number;
  leaseMarginMs: number;
  addressAllowList: string[];
  monitorsPerUser: number;
  pushRateLimitPerToken: number;
  pushRateLimitPerIp: number;
  resultRetentionDays: number;
  summaryRetentionDays: number;
}

export function monitoringConfigFrom(e: EnvOf<typeof monitoringEnvShape>): MonitoringConfig {
  return {
    concurrency: e.CHECK_CONCURRENCY,
    batchSize: e.CHECK_BATCH_SIZE,
    flushMs: e.CHECK_FLUSH_MS,
    tickMs: e.SCHEDULER_TICK_MS,
    leaseMarginMs: e.CHECK_LEASE_MARGIN_MS,
    addressAllowList: e.MONITOR_ADDRESS_ALLOWLIST,
    monitorsPerUser: e.MONITORS_PER_USER,
    pushRateLimitPerToken: e.PUSH_RATE_LIMIT_PER_TOKEN,
    pushRateLimitPerIp: e.PUSH_RATE_LIMIT_PER_IP,
    resultRetentionDays: e.RESULT_RETENTION_DAYS,
    summaryRetentionDays: e.SUMMARY_RETENTION_DAYS,
  };
}
