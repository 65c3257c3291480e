import { CheckCancelledError, CheckTimeoutError } from "./check-errors.ts";

export interface Deadline {
  /** Aborts at the timeout (reason: CheckTimeoutError) or when the caller aborts (CheckCancelledError). */
  signal: AbortSignal;
  /** Settles like the promise, or rejects with the abort reason as soon as the deadline passes. */
  race<T>(promise: Promise<T>): Promise<T>;
  dispose(): void;
}

/**
 * One time budget for a whole check. Everything the check awaits goes through `race`, so even an
 * operation that ignores its AbortSignal cannot keep the check past its timeout.
 */
export function startDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new CheckTimeoutError(timeoutMs)), timeoutMs);
  const onParentAbort = () => controller.abort(new CheckCancelledError({ cause: parent?.reason }));
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  const { signal } = controller;
  return {
    signal,
    race(promise) {
      if (signal.aborted) {
        promise.catch(() => undefined);
        return Promise.reject(signal.reason);
      }
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        promise.then(
          (value) => {
            signal.removeEventListener("abort", onAbort);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener("abort", onAbort);
            reject(error);
          },
        );
      });
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
