import { type Database, dueMonitorFilter } from "@pingpilot/db";
import { type Clock, channelTypes } from "@pingpilot/domain";
import type { Logger } from "@pingpilot/logger";
import type { Metrics } from "@pingpilot/metrics";

export interface GaugeSamplerDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** This scheduler instance: the owner of the leases it counts. */
  owner: string;
  /** How often the counts are taken (15 s in production). */
  intervalMs: number;
}

/**
 * Takes the scheduler's gauges from the database: leases this instance holds, monitors due but leased
 * by nobody, and the outbox backlog by channel. Each is one count on an indexed filter
 * (`lease.owner`; `nextDueAt` + `lease.expiresAt`; `status` + `nextAttemptAt`), cheap enough every 15 s.
 */
export async function sampleGauges(deps: Omit<GaugeSamplerDeps, "intervalMs" | "logger">): Promise<void> {
  const { db, metrics } = deps;
  const now = deps.clock.now();
  const [leases, dueUnclaimed, backlog] = await Promise.all([
    db.models.Monitor.countDocuments({ "lease.owner": deps.owner, "lease.expiresAt": { $gt: now } }),
    db.models.Monitor.countDocuments(dueMonitorFilter(now)),
    db.models.NotificationDelivery.aggregate<{ _id: string; count: number }>([
      { $match: { status: "pending" } },
      { $group: { _id: "$channelType", count: { $sum: 1 } } },
    ]),
  ]);
  metrics.schedulerLeasesHeld.set(leases);
  metrics.schedulerDueUnclaimed.set(dueUnclaimed);
  const byChannel = new Map(backlog.map((row) => [String(row._id), row.count]));
  // Every channel type has a series, 0 when nothing waits: dashboards see a 0, not a gap.
  for (const channel of new Set([...channelTypes, ...byChannel.keys()])) {
    metrics.outboxBacklog.set({ channel }, byChannel.get(channel) ?? 0);
  }
}

/** Samples the gauges now and then every `intervalMs` until stopped; a failed sample is logged, never fatal. */
export function startGaugeSampler(deps: GaugeSamplerDeps): { stop(): Promise<void> } {
  const log = deps.logger.child({ component: "gauges" });
  let current: Promise<void> = Promise.resolve();
  const sample = () => {
    current = sampleGauges(deps).catch((error: unknown) => log.warn({ err: error }, "gauge sample failed"));
  };
  sample();
  const timer = setInterval(sample, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
