/** Per-attempt timeouts combined with the caller's AbortSignal. */

/** A signal for one attempt and a way to tell afterwards whether the timeout was what fired. */
export interface AttemptSignal {
  /** Pass to fetch. */
  signal: AbortSignal;
  /** True when this attempt's own timer fired (not the caller's signal). */
  timedOut(): boolean;
  /** Stop the timer; call when the attempt settles. */
  clear(): void;
}

/** A fresh timer for one attempt of `ms` milliseconds, aborted early if `caller` aborts. */
export function attemptSignal(ms: number, caller: AbortSignal | null | undefined): AttemptSignal {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError'));
  }, ms);
  const onAbort = (): void => controller.abort(caller?.reason);
  if (caller) {
    if (caller.aborted) onAbort();
    else caller.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    timedOut: () => fired,
    clear: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
