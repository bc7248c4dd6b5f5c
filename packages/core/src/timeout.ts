/**
 * Per-attempt timeouts combined with the caller's AbortSignal.
 *
 * An attempt's signal stays armed after the response headers arrive, so reading the body is
 * covered too; whoever settles the call disarms it. Most calls carry no signal of their own and
 * are not streamed: those share one controller and one timer per slice of start times
 * ({@link sharedWatch}), because an AbortController and a timer per request cost more than the
 * rest of the runtime. The others get a controller of their own, which the caller's signal aborts
 * through a listener that is removed again when the call settles. (Not `AbortSignal.any`: Node 20
 * keeps every signal it makes alive as long as the caller's signal lives.)
 */

/** What the transport needs from an attempt's timeout. */
export interface AttemptWatch {
  /** Pass to fetch. */
  readonly signal: AbortSignal;
  /** The timeout, in milliseconds. */
  readonly ms: number;
  /** True when the timeout fired (not the caller's signal). */
  timedOut(): boolean;
  /** The call has settled: stop the attempt's own timer, and unless its body is the caller's to stream, stop following the caller's signal. */
  clear(): void;
}

/** The watch for one attempt of `ms` milliseconds: a shared one, or one of its own when the caller has a signal or streams the body. */
export function watchAttempt(ms: number, caller: AbortSignal | null | undefined, streamed: boolean): AttemptWatch {
  return caller || streamed ? ownWatch(ms, caller, streamed, ms) : sharedWatch(ms);
}

/** A controller and timer of the attempt's own; the timer fires after `delay` ms and does not keep a Node process alive. */
function ownWatch(ms: number, caller: AbortSignal | null | undefined, streamed: boolean, delay: number): AttemptWatch {
  const controller = new AbortController();
  let fired = false;
  const follow = (): void => controller.abort(caller?.reason);
  const timer = setTimeout(() => {
    fired = true;
    controller.abort();
  }, delay) as { unref?: () => void } | number;
  if (typeof timer === 'object') timer.unref?.();
  if (caller?.aborted) follow();
  else caller?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    ms,
    timedOut: () => fired,
    clear() {
      clearTimeout(timer as number);
      // A streamed body stays cancellable by the caller's signal.
      if (!streamed) caller?.removeEventListener('abort', follow);
    },
  };
}

/**
 * The open shared watch: the watch, when its slice closes, and how many attempts joined it. Module
 * state on purpose: calls of every client share it (one timer per slice of start times, whoever
 * starts them); a controller and a timer per request cost more than the rest of a call (see the
 * runtime bench), and nothing else in the module keeps state.
 */
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
  // Node fires a timer of more than 2^31-1 ms at once: the slice never pushes it past that.
  open = { watch: { ...ownWatch(ms, null, false, Math.min(ms + slice, 2_147_483_647)), clear: () => {} }, closes: now + slice, joined: 1 };
  return open.watch;
}

/** Resolves after `until` ms, or once the promise `until` settles; rejects with the signal's reason as soon as it aborts. */
export function sleep(until: number | Promise<unknown>, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = typeof until === 'number' ? setTimeout(done, until) : void until.then(done, done);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
