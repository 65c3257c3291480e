export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * How long to wait before attempt `failedAttempts + 1`: exponential (base × 2^(failed − 1)), capped at
 * the max, with "equal jitter" (half fixed, half random) so retries of many deliveries that failed
 * together (a receiver's outage) spread out instead of arriving in waves, while each wait stays at least
 * half its nominal length. A receiver's `Retry-After` is honoured when longer (still capped).
 */
export function retryDelayMs(
  failedAttempts: number,
  policy: Pick<RetryPolicy, "baseMs" | "maxMs">,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const jittered = nominal / 2 + random() * (nominal / 2);
  return Math.round(Math.min(policy.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}
