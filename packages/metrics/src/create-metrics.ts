import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface MetricsOptions {
  /** Prepended to every Ping Pilot series (default `pingpilot_`). Node's default metrics keep their standard names. */
  prefix?: string;
  /** Where the series are registered; a fresh registry by default, so several apps in one process never collide. */
  registry?: Registry;
  /** Node's default metrics (event-loop lag, heap, GC, handles); default true. */
  defaultMetrics?: boolean;
}

/** Connection counts of the MongoDB driver's pool, as `Database.poolStats()` reports them. */
export interface PoolStats {
  inUse: number;
  available: number;
}

/** Buckets in seconds. Requests are fast; checks wait on remote servers; jobs may run for minutes. */
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const checkBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const lagBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const jobBuckets = [0.01, 0.1, 1, 5, 15, 60, 300, 900, 3600];

/**
 * Every series Ping Pilot exports, defined in this one place (docs/operations.md lists them, with the
 * code that feeds each one).
 */
export function createMetrics(options: MetricsOptions = {}) {
  const prefix = options.prefix ?? "pingpilot_";
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  let poolSource: (() => PoolStats) | undefined;

  const metrics = {
    registry,

    /** API: one sample per HTTP response. `route` is the matched route or a fixed placeholder, never a raw URL. */
    httpRequestDuration: new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: "Time from receiving an HTTP request to finishing its response, by method, matched route and status",
      labelNames: ["method", "route", "status"] as const,
      buckets: requestBuckets,
      registers,
    }),
    /** API: one sample per tRPC procedure call (a batch of three calls gives three samples). */
    trpcProcedureDuration: new Histogram({
      name: `${prefix}trpc_procedure_duration_seconds`,
      help: "Time spent in a tRPC procedure, by procedure path, type (query/mutation) and result code (OK or the tRPC error code)",
      labelNames: ["procedure", "type", "code"] as const,
      buckets: requestBuckets,
      registers,
    }),

    /** Check loop: one per finished check; `result` is the check status (up, down, degraded). */
    checksRun: new Counter({
      name: `${prefix}checks_run_total`,
      help: "Checks run, by monitor type (http, tcp, dns, …) and result (up, down, degraded)",
      labelNames: ["type", "result"] as const,
      registers,
    }),
    checkDuration: new Histogram({
      name: `${prefix}check_duration_seconds`,
      help: "Duration of one check (connect, request, assertions), by monitor type",
      labelNames: ["type"] as const,
      buckets: checkBuckets,
      registers,
    }),

    /** Scheduler: how late a check started compared with when it was due. */
    schedulerStartLag: new Histogram({
      name: `${prefix}scheduler_start_lag_seconds`,
      help: "How long after its due time a monitor's check started",
      buckets: lagBuckets,
      registers,
    }),
    schedulerLeasesHeld: new Gauge({
      name: `${prefix}scheduler_leases_held`,
      help: "Monitor leases this scheduler process holds right now",
      registers,
    }),
    schedulerDueUnclaimed: new Gauge({
      name: `${prefix}scheduler_due_unclaimed_monitors`,
      help: "Monitors that are due but not claimed by any scheduler (grows when schedulers fall behind)",
      registers,
    }),

    /** Outbox: notifications waiting to be delivered, and failed delivery attempts. */
    outboxBacklog: new Gauge({
      name: `${prefix}outbox_backlog`,
      help: "Notifications in the outbox waiting for delivery, by channel (email, webhook, …)",
      labelNames: ["channel"] as const,
      registers,
    }),
    outboxDeliveryFailures: new Counter({
      name: `${prefix}outbox_delivery_failures_total`,
      help: "Failed notification delivery attempts, by channel",
      labelNames: ["channel"] as const,
      registers,
    }),

    /** Scheduler job runner: one per run attempt; `status` is succeeded, failed or skipped (locked elsewhere). */
    jobRuns: new Counter({
      name: `${prefix}job_runs_total`,
      help: "Scheduler job runs, by job and status (succeeded, failed, skipped)",
      labelNames: ["job", "status"] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: `${prefix}job_duration_seconds`,
      help: "Duration of scheduler job runs that executed (succeeded or failed), by job",
      labelNames: ["job"] as const,
      buckets: jobBuckets,
      registers,
    }),

    /** MongoDB driver pool of this process, read when scraped. */
    mongoPoolInUse: new Gauge({
      name: `${prefix}mongodb_pool_connections_in_use`,
      help: "MongoDB pool connections checked out by an operation right now",
      registers,
      collect() {
        if (poolSource) this.set(poolSource().inUse);
      },
    }),
    mongoPoolAvailable: new Gauge({
      name: `${prefix}mongodb_pool_connections_available`,
      help: "MongoDB pool connections open and idle, ready for the next operation",
      registers,
      collect() {
        if (poolSource) this.set(poolSource().available);
      },
    }),

    /** Feeds the MongoDB pool gauges, e.g. `metrics.observeDatabasePool(() => db.poolStats())`. */
    observeDatabasePool(source: () => PoolStats): void {
      poolSource = source;
    },

    /** The Prometheus text exposition of every series. */
    render(): Promise<string> {
      return registry.metrics();
    },

    /** Content type of {@link render}'s output. */
    contentType: registry.contentType as string,
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
