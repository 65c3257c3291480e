import type { CheckResult } from "@pingpilot/domain";
import type { Metrics } from "@pingpilot/metrics";
import type { ClaimedMonitor } from "./monitor-checks/claim-due-monitors.ts";

/**
 * The check loop's observer hooks, feeding the check series: start lag when a check starts, then its
 * result and duration when it finishes. Start times are kept per monitor id, so the map never holds
 * more entries than there are monitors.
 */
export function checkMetricsObservers(metrics: Metrics) {
  const startedAt = new Map<string, number>();
  return {
    onCheckStarted(monitor: ClaimedMonitor, lagMs: number): void {
      // The loop claims a little ahead and waits for the due time, so a lag can be a hair below zero.
      metrics.schedulerStartLag.observe(Math.max(0, lagMs) / 1000);
      startedAt.set(String(monitor._id), performance.now());
    },
    onCheckFinished(monitor: ClaimedMonitor, result: CheckResult): void {
      const id = String(monitor._id);
      const started = startedAt.get(id);
      startedAt.delete(id);
      metrics.checksRun.inc({ type: monitor.type, result: result.status });
      if (started !== undefined)
        metrics.checkDuration.observe({ type: monitor.type }, (performance.now() - started) / 1000);
    },
  };
}
