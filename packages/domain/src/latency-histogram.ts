/**
 * A fixed-bucket latency histogram. Buckets are ~25 % wide, so a percentile estimated from it is
 * within about one bucket width of the truth: good enough for p50/p95/p99 on a dashboard, and small
 * enough (one counter per bucket) to keep per monitor per day and update with `$inc`.
 */

/** Inclusive upper bounds in milliseconds. One more bucket (the last) holds everything slower. */
export const LATENCY_BUCKET_BOUNDS_MS = [
  5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 125, 150, 200, 250, 300, 400, 500, 600, 800, 1_000, 1_250, 1_500, 2_000,
  2_500, 3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 60_000,
] as const;

export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_BOUNDS_MS.length + 1;

export function emptyLatencyHistogram(): number[] {
  return new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
}

/** The bucket a latency falls in (binary search over the bounds). */
export function latencyBucketIndex(latencyMs: number): number {
  let low = 0;
  let high: number = LATENCY_BUCKET_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (latencyMs <= (LATENCY_BUCKET_BOUNDS_MS[middle] ?? Number.POSITIVE_INFINITY)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** A new histogram with one more observation. */
export function recordLatency(histogram: readonly number[], latencyMs: number): number[] {
  const next = mergeLatencyHistograms(histogram);
  const index = latencyBucketIndex(latencyMs);
  next[index] = (next[index] ?? 0) + 1;
  return next;
}

/** Bucket-wise sum. Shorter or missing arrays count as zeros, so stored summaries of any age merge. */
export function mergeLatencyHistograms(...histograms: ReadonlyArray<readonly number[]>): number[] {
  const total = emptyLatencyHistogram();
  for (const histogram of histograms) {
    for (let index = 0; index < LATENCY_BUCKET_COUNT; index++)
      total[index] = (total[index] ?? 0) + (histogram[index] ?? 0);
  }
  return total;
}

/**
 * Estimates a percentile (0 < p <= 100) by interpolating linearly inside the bucket that holds it.
 * `observed` min/max, when known, clamp the estimate (and bound the open last bucket).
 * Null when the histogram is empty.
 */
export function latencyPercentile(
  histogram: readonly number[],
  percentile: number,
  observed?: { min: number | null; max: number | null },
): number | null {
  const count = histogram.reduce((sum, value) => sum + value, 0);
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * count));
  let before = 0;
  for (let index = 0; index < LATENCY_BUCKET_COUNT; index++) {
    const inBucket = histogram[index] ?? 0;
    if (before + inBucket >= rank) {
      const lower = index === 0 ? 0 : (LATENCY_BUCKET_BOUNDS_MS[index - 1] ?? 0);
      const upper = LATENCY_BUCKET_BOUNDS_MS[index] ?? observed?.max ?? lower * 2;
      let estimate = lower + ((upper - lower) * (rank - before)) / inBucket;
      if (observed?.min != null) estimate = Math.max(estimate, observed.min);
      if (observed?.max != null) estimate = Math.min(estimate, observed.max);
      return estimate;
    }
    before += inBucket;
  }
  return null;
}
