/**
 * Polls `url` (the API's /readyz) until it answers 200: only then is the service really running.
 * Resolves true once ready, false when `shouldGiveUp()` says so first (a stop began, or time ran out).
 */
export async function waitUntilReady(
  url: string,
  options: { intervalMs?: number; shouldGiveUp: () => boolean },
): Promise<boolean> {
  const intervalMs = options.intervalMs ?? 250;
  while (!options.shouldGiveUp()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return true;
    } catch {
      // Not listening yet (connection refused) or too slow: try again.
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  return false;
}
