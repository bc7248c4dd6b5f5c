/**
 * Per-attempt timeouts combined with the caller's AbortSignal.
 *
 * An attempt's signal stays armed after the response headers arrive, so reading the body is
 * covered too; whoever settles the call disarms it. Most calls carry no signal of their own:
 * those share one controller and one timer per slice of start times ({@link sharedWatch}),
 * because an AbortController and a timer per request cost more than the rest of the runtime.
 */

/** What the transport needs from an attempt's timeout. */
export interface AttemptWatch {
  /** Pass to fetch. */
  readonly signal: AbortSignal;
  /** The timeout, in milliseconds. */
  readonly ms: number;
  /** True when the timeout fired (not the caller's signal). */
  timedOut(): boolean;
  /** Disarm: the call has settled. */
  clear(): void;
  /** Stop the timer only: the caller's signal can still cancel a body streamed to the caller. */
  stopTimer(): void;
}

/** The watch for one attempt of `ms` milliseconds: a private one when the caller has a signal or streams the body, else a shared one. */
export function watchAttempt(ms: number, caller: AbortSignal | null | undefined, streamed: boolean): AttemptWatch {
  if (!caller && !streamed) return sharedWatch(ms);
  const controller = new AbortController();
  let fired = false;
  const onCallerAbort = (): void => controller.abort(caller?.reason);
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(timeoutReason(ms));
  }, ms);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    ms,
    timedOut: () => fired,
    stopTimer: () => clearTimeout(timer),
    clear() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Open shared watches by timeout: the watch, when its slice closes, and how many attempts joined it. */
const open = new Map<number, { watch: AttemptWatch; closes: number; joined: number }>();

const nothing = (): void => {};

/**
 * One controller and one timer for up to 16 attempts with the same timeout that start within the
 * same slice of time (1% of the timeout, between 1 ms and 1 s). It fires `ms + slice` after the
 * slice opened, so each attempt gets at least its full timeout and at most 1% more; attempts that
 * have finished by then are not affected, so there is nothing to disarm. The timer does not keep
 * a Node process alive.
 */
export function sharedWatch(ms: number): AttemptWatch {
  const now = performance.now();
  const current = open.get(ms);
  // Few attempts per controller: fetch adds a listener per request to the signal and inspects them all.
  if (current && now < current.closes && current.joined++ < 16) return current.watch;
  const controller = new AbortController();
  const slice = Math.min(1000, Math.max(1, ms / 100));
  let fired = false;
  const entry = { watch: { signal: controller.signal, ms, timedOut: () => fired, clear: nothing, stopTimer: nothing }, closes: now + slice, joined: 1 };
  open.set(ms, entry);
  const timer = setTimeout(() => {
    fired = true;
    if (open.get(ms) === entry) open.delete(ms);
    controller.abort(timeoutReason(ms));
  }, ms + slice) as { unref?: () => void } | number;
  if (typeof timer === 'object') timer.unref?.();
  return entry.watch;
}

const timeoutReason = (ms: number): DOMException => new DOMException(`timed out after ${ms} ms`, 'TimeoutError');

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
