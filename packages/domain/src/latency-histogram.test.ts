import { describe, expect, it } from "vitest";
import {
  emptyLatencyHistogram,
  LATENCY_BUCKET_BOUNDS_MS,
  LATENCY_BUCKET_COUNT,
  latencyBucketIndex,
  latencyPercentile,
  mergeLatencyHistograms,
  recordLatency,
} from "./latency-histogram.ts";

function histogramOf(latencies: number[]): number[] {
  return latencies.reduce<number[]>((histogram, latency) => recordLatency(histogram, latency), emptyLatencyHistogram());
}

function exactPercentile(latencies: number[], percentile: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] ?? Number.NaN;
}

describe("latency histogram", () => {
  it("puts a latency in the first bucket whose bound holds it", () => {
    expect(latencyBucketIndex(0)).toBe(0);
    expect(latencyBucketIndex(5)).toBe(0);
    expect(latencyBucketIndex(5.1)).toBe(1);
    expect(latencyBucketIndex(60_000)).toBe(LATENCY_BUCKET_BOUNDS_MS.length - 1);
    expect(latencyBucketIndex(120_000)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it("merges bucket-wise, tolerating older shorter arrays", () => {
    const merged = mergeLatencyHistograms(histogramOf([3, 300]), histogramOf([4]), [1]);
    expect(merged[0]).toBe(3);
    expect(merged.reduce((a, b) => a + b, 0)).toBe(4);
    expect(merged).toHaveLength(LATENCY_BUCKET_COUNT);
  });

  it("estimates p50/p95/p99 within a bucket's width of the exact values", () => {
    // A deterministic spread: mostly fast, a slow tail.
    const latencies = Array.from(
      { length: 2_000 },
      (_, index) => 20 + ((index * 7919) % 200) + (index % 50 === 0 ? 2_000 : 0),
    );
    const histogram = histogramOf(latencies);
    for (const percentile of [50, 95, 99]) {
      const exact = exactPercentile(latencies, percentile);
      const estimate = latencyPercentile(histogram, percentile) ?? Number.NaN;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.25);
    }
  });

  it("clamps estimates to the observed range and has no answer for no data", () => {
    expect(latencyPercentile(emptyLatencyHistogram(), 50)).toBeNull();
    expect(latencyPercentile(histogramOf([90_000]), 99, { min: 90_000, max: 90_000 })).toBe(90_000);
    expect(latencyPercentile(histogramOf([12, 12, 12]), 50, { min: 12, max: 12 })).toBe(12);
  });
});
