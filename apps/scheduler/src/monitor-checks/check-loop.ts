import { type Database, Types } from "@pingpilot/db";
import { type CheckResult, type Clock, nextDueAfterCheck, spreadOffsetMs } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { OutcomeToRecord, RecordOutcomes } from "@pingpilot/monitoring";
import { type ClaimedMonitor, claimDueMonitors, releaseClaims } from "./claim-due-monitors.ts";
import { findResultLeftBehind } from "./result-left-behind.ts";

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/**
 * A finished check waiting in the buffer for its batch write. Its result `_id` is fixed when measured,
 * so a batch retried after a failure past the result insert stores it once.
 */
interface MeasuredOutcome {
  monitor: ClaimedMonitor;
  result: CheckResult;
  resultId: Types.ObjectId;
}

/** How long a written due time is remembered: longer than any claim round. */
const MEASURED_MEMORY_MS = 5 * 60_000;

const dueKey = (monitor: ClaimedMonitor) => `${String(monitor._id)}@${monitor.nextDueAt.getTime()}`;

export type RunCheck = (monitor: ClaimedMonitor, signal: AbortSignal) => Promise<CheckResult>;

export interface CheckLoopOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  owner: string;
  runCheck: RunCheck;
  recordOutcomes: RecordOutcomes;
  /** Checks in flight (running, or claimed and waiting for their due time) at once, per instance. */
  concurrency: number;
  /** How often to look for due monitors; monitors due within two ticks are claimed ahead and started on time. */
  tickMs: number;
  /** Results are written when this many are buffered, or after flushMs. */
  batchSize: number;
  flushMs: number;
  /** Added to a monitor's timeout for its lease: covers the write of its result. */
  leaseMarginMs: number;
  /** Observes each check as it starts (start lag = start − due time) and ends. */
  onCheckStarted?(monitor: ClaimedMonitor, lagMs: number): void;
  onCheckFinished?(monitor: ClaimedMonitor, result: CheckResult): void;
}

function timeoutOf(monitor: ClaimedMonitor): number {
  const timeout = Number(monitor.config.timeoutMs);
  return Number.isFinite(timeout) && timeout > 0 ? timeout : 10_000;
}

/**
 * The scheduler's main loop: claim due monitors (bounded by free concurrency), run their checks,
 * buffer the outcomes and write them in batches. The next due time comes from the monitor's grid
 * (its interval, shifted by a stable per-monitor offset), not from when the check finished, so a
 * schedule never drifts and monitors never all start at :00.
 */
export function createCheckLoop(options: CheckLoopOptions) {
  const { db, clock, logger, owner } = options;
  const log = logger.child({ component: "check-loop", instance: owner });
  const inFlight = new Map<string, AbortController>();
  let buffer: MeasuredOutcome[] = [];
  /**
   * Due checks this instance measured, with when their outcome was stored (Infinity until then).
   * While the database is down a lease runs out and the monitor looks due again (its next due time is
   * written with its outcome), and a claim round that read the monitor just before the write can still
   * win it: neither may check the same due time twice. Kept a while after the write for such rounds.
   */
  const measuredDueTimes = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();
  let ticking = false;
  let timer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  /** Both candidate next due times, as of the write: the recorder stores the one the transition asks for. */
  function toRecord({ monitor, result, resultId }: MeasuredOutcome, writtenAt: Date): OutcomeToRecord {
    // A clock set back between the check and its write must not schedule the next check before this one.
    const now = writtenAt.getTime() > result.checkedAt.getTime() ? writtenAt : result.checkedAt;
    const grid = {
      intervalSeconds: monitor.intervalSeconds,
      offsetMs: spreadOffsetMs(String(monitor._id), monitor.intervalSeconds),
    };
    const next = (recheckSoon: boolean) => nextDueAfterCheck(grid, { dueAt: monitor.nextDueAt, now, recheckSoon });
    return {
      monitor,
      result,
      resultId,
      leaseOwner: owner,
      schedule: { nextDueAt: { onSchedule: next(false), recheck: next(true) } },
    };
  }

  function flush(): Promise<void> {
    if (buffer.length === 0) return flushing;
    // Writes are serialised so the outcomes of one monitor are applied in order.
    flushing = flushing.then(async () => {
      // At most one batch per write: when writes fall behind, batches must not grow without bound.
      const batch = buffer.splice(0, options.batchSize);
      if (batch.length === 0) return;
      try {
        const now = clock.now();
        await options.recordOutcomes(batch.map((measured) => toRecord(measured, now)));
      } catch (error) {
        // Never drop what was measured: put it back in front and try again at the next flush.
        log.error({ err: error, results: batch.length }, "writing results failed; will retry");
        buffer = [...batch, ...buffer];
        return;
      }
      const storedAt = performance.now();
      for (const item of batch) measuredDueTimes.set(dueKey(item.monitor), storedAt);
      if (buffer.length >= options.batchSize) void flush();
    });
    return flushing;
  }

  async function check(monitor: ClaimedMonitor): Promise<void> {
    const id = String(monitor._id);
    const controller = new AbortController();
    inFlight.set(id, controller);
    try {
      const wait = monitor.nextDueAt.getTime() - clock.now().getTime();
      if (wait > 0) await abortableSleep(wait, controller.signal);
      if (controller.signal.aborted) return; // stopped before it was due: the lease is given back
      // Taken over from a dead instance: it may have stored this due time's result already.
      const leftBehind = (monitor.claimAttempt ?? 0) > 0 ? await findResultLeftBehind(db, monitor) : null;
      if (leftBehind) {
        buffer.push({ monitor, ...leftBehind });
      } else {
        options.onCheckStarted?.(monitor, clock.now().getTime() - monitor.nextDueAt.getTime());
        const result = await options.runCheck(monitor, controller.signal);
        if (controller.signal.aborted && stopping) return; // abandoned at shutdown: the lease is released for others
        options.onCheckFinished?.(monitor, result);
        buffer.push({ monitor, result, resultId: new Types.ObjectId() });
      }
      measuredDueTimes.set(dueKey(monitor), Number.POSITIVE_INFINITY);
      if (buffer.length >= options.batchSize) void flush();
    } catch (error) {
      log.error({ err: error, monitorId: id }, "check crashed");
    } finally {
      inFlight.delete(id);
    }
  }

  /** How long claim rounds take lately: the loop claims that much further ahead, so slow rounds don't make checks late. */
  let claimRoundMs = 0;

  async function tick(): Promise<void> {
    if (ticking || stopping) return;
    ticking = true;
    const forgetBefore = performance.now() - MEASURED_MEMORY_MS;
    // Roughly in the order written: stop at the first one still remembered.
    for (const [due, writtenAt] of measuredDueTimes) {
      if (writtenAt >= forgetBefore) break;
      measuredDueTimes.delete(due);
    }
    try {
      for (;;) {
        const free = options.concurrency - inFlight.size;
        if (free <= 0 || stopping) break;
        const roundStarted = performance.now();
        const claimed = await claimDueMonitors({
          db,
          clock,
          owner,
          limit: Math.min(free, 500),
          horizonMs: options.tickMs * 2 + Math.min(claimRoundMs * 2, 10_000),
          leaseMsFor: (monitor) => timeoutOf(monitor) + options.leaseMarginMs,
          // Still running, or measured and waiting for the database: its lease ran out meanwhile.
          skip: (monitor) => inFlight.has(String(monitor._id)) || measuredDueTimes.has(dueKey(monitor)),
        });
        claimRoundMs = 0.7 * claimRoundMs + 0.3 * (performance.now() - roundStarted);
        for (const monitor of claimed) void check(monitor);
        if (claimed.length < Math.min(free, 500)) break;
      }
    } catch (error) {
      log.error({ err: error }, "claiming due monitors failed");
    } finally {
      ticking = false;
    }
  }

  return {
    start(): void {
      timer = setInterval(() => void tick(), options.tickMs);
      flushTimer = setInterval(() => void flush(), options.flushMs);
      void tick();
      log.info({ concurrency: options.concurrency }, "check loop started");
    },

    /** Runs one claim round now (tests and benchmarks drive the loop with this). */
    tick,
    flush,
    inFlightCount: () => inFlight.size,

    /**
     * Stops claiming, lets running checks finish for up to `timeoutMs` (their results are written),
     * abandons the rest, writes everything buffered and gives back every lease and claim it holds.
     */
    async stop(timeoutMs: number): Promise<void> {
      stopping = true;
      clearInterval(timer);
      clearInterval(flushTimer);
      const deadline = Date.now() + timeoutMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const controller of inFlight.values()) controller.abort(new Error("scheduler shutting down"));
      for (let attempt = 0; attempt < 3 && buffer.length > 0; attempt++) await flush();
      if (buffer.length > 0) log.error({ results: buffer.length }, "results could not be written before shutdown");
      const released = await releaseClaims(db, clock, owner);
      log.info({ released }, "check loop stopped");
    },
  };
}

export type CheckLoop = ReturnType<typeof createCheckLoop>;
