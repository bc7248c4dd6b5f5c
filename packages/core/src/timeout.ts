/**
 * Per-attempt timeouts combined with the caller's AbortSignal.
 *
 * An attempt's signal stays armed after the response headers arrive, so reading the body is
 * covered too; whoever settles the call disarms it. Attempts share one controller and one timer
 * per slice of start times ({@link sharedWatch}), because an AbortController and a timer per
 * request cost more than the rest of the runtime. A body streamed to the caller gets a timer of
 * its own, stopped once the headers are in. The caller's signal joins with `AbortSignal.any`.
 */

/** What the transport needs from an attempt's timeout. */
export interface AttemptWatch {
  /** Pass to fetch. */
  readonly signal: AbortSignal;
  /** The timeout, in milliseconds. */
  readonly ms: number;
  /** True when the timeout fired (not the caller's signal). */
  timedOut(): boolean;
  /** Stop the attempt's own timer, if it has one: the call has settled, or its body is the caller's to stream. */
  clear(): void;
}

/** The watch for one attempt of `ms` milliseconds; `caller`'s signal aborts it too. */
export function watchAttempt(ms: number, caller: AbortSignal | null | undefined, streamed: boolean): AttemptWatch {
  const watch = streamed ? ownWatch(ms) : sharedWatch(ms);
  return caller ? { ...watch, signal: AbortSignal.any([caller, watch.signal]) } : watch;
}

/** A timer of the attempt's own, which `clear()` stops; it fires after `delay` ms and does not keep a Node process alive. */
function ownWatch(ms: number, delay = ms): AttemptWatch {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), delay) as { unref?: () => void } | number;
  if (typeof timer === 'object') timer.unref?.();
  return { signal: controller.signal, ms, timedOut: () => controller.signal.aborted, clear: () => clearTimeout(timer as number) };
}

/** The open shared watch: the watch, when its slice closes, and how many attempts joined it. */
let open: { watch: AttemptWatch; closes: number; joined: number } | undefined;

/**
 * One controller and one timer for up to 16 attempts with the same timeout that start within the
 * same slice of time (1% of the timeout). It fires `ms + slice` after the
 * slice opened, so each attempt gets at least its full timeout and at most 1% more; attempts that
 * have finished by then are not affected, so there is nothing to disarm.
 */
export function sharedWatch(ms: number): AttemptWatch {
  const now = performance.now();
  // Few attempts per controller: fetch adds a listener per request to the signal and inspects them all.
  if (open?.watch.ms === ms && now < open.closes && open.joined++ < 16) return open.watch;
  const slice = ms / 100;
  open = { watch: { ...ownWatch(ms, ms + slice), clear: () => {} }, closes: now + slice, joined: 1 };
  return open.watch;
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
