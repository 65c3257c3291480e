import { type CheckResult, emptySummaryTotals, latencyBucketIndex, type SummaryTotals } from "@pingpilot/domain";

/** Accumulates what a batch of results adds to each monitor's day, so a batch is one bulk write. */
export function summaryDeltas() {
  const deltas = new Map<
    string,
    { monitorId: string; userId: string; day: string; timezone: string; delta: SummaryTotals }
  >();
  return {
    add(input: {
      monitorId: string;
      userId: string;
      day: string;
      timezone: string;
      result: Pick<CheckResult, "status" | "responseTimeMs">;
      downtimeSeconds: number;
    }): void {
      const key = `${input.monitorId}:${input.day}`;
      let entry = deltas.get(key);
      if (!entry) {
        entry = {
          monitorId: input.monitorId,
          userId: input.userId,
          day: input.day,
          timezone: input.timezone,
          delta: emptySummaryTotals(),
        };
        deltas.set(key, entry);
      }
      const { delta } = entry;
      const { status, responseTimeMs } = input.result;
      delta.checks += 1;
      if (status === "down") delta.failures += 1;
      else delta.successes += 1;
      if (status === "degraded") delta.degraded += 1;
      delta.downtimeSeconds += input.downtimeSeconds;
      // Latency describes answers: a failed check's time (often a timeout) would only skew it.
      if (status !== "down" && responseTimeMs !== null) {
        const latency = Math.round(responseTimeMs);
        delta.latencySum += latency;
        delta.latencyCount += 1;
        delta.latencyMin = delta.latencyMin === null ? latency : Math.min(delta.latencyMin, latency);
        delta.latencyMax = delta.latencyMax === null ? latency : Math.max(delta.latencyMax, latency);
        const bucket = latencyBucketIndex(latency);
        delta.histogram[bucket] = (delta.histogram[bucket] ?? 0) + 1;
      }
    },
    entries() {
      return [...deltas.values()];
    },
  };
}

export type SummaryDeltas = ReturnType<typeof summaryDeltas>;
