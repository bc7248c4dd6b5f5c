/**
 * Per-attempt timeouts combined with the caller's AbortSignal.
 *
 * An attempt's signal stays armed after the response headers arrive, so reading the body is
 * covered too; whoever settles the call disarms it. Most calls carry no signal of their own:
 * those share one controller and one timer per slice of start times ({@link SharedDeadline}),
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
  return caller || streamed ? new AttemptSignal(ms, caller) : SharedDeadline.for(ms);
}

/** A private timer for one attempt, aborted early if the caller's signal aborts. */
export class AttemptSignal implements AttemptWatch {
  /** Pass to fetch. */
  readonly signal: AbortSignal;
  /** The timeout, in milliseconds. */
  readonly ms: number;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly caller: AbortSignal | null | undefined;
  private readonly onCallerAbort: (() => void) | undefined;
  private fired = false;

  /** A fresh timer of `ms` milliseconds for one attempt, aborted early if `caller` aborts. */
  constructor(ms: number, caller: AbortSignal | null | undefined) {
    this.signal = this.controller.signal;
    this.ms = ms;
    this.timer = setTimeout(expire, ms, this);
    this.caller = caller;
    if (caller) {
      const onCallerAbort = (): void => this.controller.abort(caller.reason);
      if (caller.aborted) onCallerAbort();
      else caller.addEventListener('abort', onCallerAbort, { once: true });
      this.onCallerAbort = onCallerAbort;
    }
  }

  /** True when this attempt's own timer fired (not the caller's signal). */
  timedOut(): boolean {
    return this.fired;
  }

  /** Stop the timer and stop following the caller's signal. */
  clear(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  /** Stop the timer only: the caller's signal can still cancel a body streamed to the caller. */
  stopTimer(): void {
    clearTimeout(this.timer);
  }

  /** Called by the timer: abort with a `TimeoutError`. */
  expire(): void {
    this.fired = true;
    this.controller.abort(new DOMException(`timed out after ${this.ms} ms`, 'TimeoutError'));
  }
}

/**
 * One controller and one timer for up to 16 attempts with the same timeout that start within the
 * same slice of time (1% of the timeout, between 1 ms and 1 s). It fires `ms + slice` after the
 * slice opened, so each attempt gets at least its full timeout and at most 1% more; attempts that
 * have finished by then are not affected. The timer does not keep a Node process alive.
 */
export class SharedDeadline implements AttemptWatch {
  private static readonly open = new Map<number, SharedDeadline>();
  /** Attempts that share one controller at most. */
  private static readonly MAX_JOINED = 16;

  /** The shared watch for an attempt of `ms` milliseconds starting now. */
  static for(ms: number): SharedDeadline {
    const now = performance.now();
    const current = SharedDeadline.open.get(ms);
    // Few attempts per controller: fetch adds a listener per request to the signal and inspects them all.
    if (current && now < current.closes && current.joined++ < SharedDeadline.MAX_JOINED) return current;
    const created = new SharedDeadline(ms, now);
    SharedDeadline.open.set(ms, created);
    return created;
  }

  /** Pass to fetch. */
  readonly signal: AbortSignal;
  /** The timeout, in milliseconds. */
  readonly ms: number;
  private readonly controller = new AbortController();
  private readonly closes: number;
  private joined = 1;
  private fired = false;

  private constructor(ms: number, now: number) {
    const slice = Math.min(1000, Math.max(1, ms / 100));
    this.ms = ms;
    this.signal = this.controller.signal;
    this.closes = now + slice;
    const timer = setTimeout(expire, ms + slice, this) as { unref?: () => void } | number;
    if (typeof timer === 'object') timer.unref?.();
  }

  /** True once the shared timer has fired. */
  timedOut(): boolean {
    return this.fired;
  }

  /** Nothing to disarm: the shared timer outlives the attempt and aborts nothing that has finished. */
  clear(): void {}

  /** Nothing to stop (streamed bodies get a private timer). */
  stopTimer(): void {}

  /** Called by the timer: abort every attempt of the slice still running. */
  expire(): void {
    this.fired = true;
    if (SharedDeadline.open.get(this.ms) === this) SharedDeadline.open.delete(this.ms);
    this.controller.abort(new DOMException(`timed out after ${this.ms} ms`, 'TimeoutError'));
  }
}

function expire(watch: { expire(): void }): void {
  watch.expire();
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
