import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

function collectGarbage(): void {
  // Without --expose-gc on the command line: expose it for this process, take it, then run it.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
}

function used(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Runs `work` and reports the most memory (JS heap plus Buffers/ArrayBuffers) it held above the
 * level before it started, sampled every few milliseconds. Loose by nature (garbage not collected
 * yet counts), so assert an order of magnitude, never a close figure.
 */
export async function peakMemoryOf<T>(work: () => Promise<T>): Promise<{ result: T; peakBytes: number }> {
  collectGarbage();
  const baseline = used();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 2);
  try {
    const result = await work();
    peak = Math.max(peak, used());
    return { result, peakBytes: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}
