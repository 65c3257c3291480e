export interface RestartBudgetOptions {
  /** Restarts allowed within `windowMs`; one more death inside the window means give up. */
  maxRestarts: number;
  windowMs: number;
  /** The first restart waits this long; each further one inside the window waits twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
  now?: () => number;
}

export interface RestartBudget {
  /** Called when the process died: how long to wait before restarting it, or undefined to give up. */
  next(): number | undefined;
}

/**
 * Bounded restarts with exponential back-off: a process that crashes now and then is restarted; one
 * that keeps crashing is not restarted for ever (it would hide the fault and burn the CPU).
 */
export function restartBudget(options: RestartBudgetOptions): RestartBudget {
  const now = options.now ?? Date.now;
  const restarts: number[] = [];
  return {
    next() {
      const at = now();
      while (restarts.length > 0 && at - (restarts[0] as number) >= options.windowMs) restarts.shift();
      if (restarts.length >= options.maxRestarts) return undefined;
      const delay = Math.min(options.baseDelayMs * 2 ** restarts.length, options.maxDelayMs);
      restarts.push(at);
      return delay;
    },
  };
}
