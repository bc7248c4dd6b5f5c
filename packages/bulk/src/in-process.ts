/**
 * The in-process limiter: paces one process's requests to a vendor's published limits. Each limit
 * hands out turns evenly spaced (see `spacingMs`); a call waits for the first moment every limit
 * that applies to its operation has a turn free, and books that moment on all of them.
 */
import type { VendorDescriptor } from '@careapis/core';
import { LimiterError } from './errors.js';
import { applicable, checkVendor, describeLimit, marginOf, maxWaitOf, resolveLimits, sleepUntil, spacingMs, type LimiterOptions, type RateLimiter } from './limits.js';

/**
 * A limiter for one process: `createCarecycleClient({ apiKey, limiter: inProcessLimiter(vendor) })`
 * paces that client (and any other client given the same limiter) to careCycle's 60 requests a
 * minute. Requests are spread evenly (one every window ÷ (requests − margin), margin 1 by default), never sent in bursts.
 * Throws `LimiterError` (`no-limits`) when the vendor publishes no limit and none is given.
 * Several processes sharing one budget need {@link redisLimiter} instead.
 */
export function inProcessLimiter(vendor: VendorDescriptor, options: LimiterOptions = {}): RateLimiter {
  const limits = resolveLimits(vendor, options.limits);
  const maxWaitMs = maxWaitOf(options.maxWaitMs);
  const margin = marginOf(options.margin, limits);
  const spacing = limits.map((l) => spacingMs(l, margin));
  // The earliest time (performance.now()) each limit has a free turn.
  const next = limits.map(() => 0);
  const byOperation = new Map<string, number[]>();
  let closed = false;
  const clock = (): number => performance.now();

  /** Books the first moment every limit in `which` has a free turn; throws when that is beyond `maxWaitMs`. */
  const book = (which: number[]): number => {
    const now = clock();
    let at = now;
    for (const i of which) at = Math.max(at, next[i]!);
    if (at - now > maxWaitMs) {
      const limit = limits[which[0]!]!;
      throw new LimiterError('too-long', `${vendor.title}: the next turn under ${describeLimit(limit)} is ${Math.ceil((at - now) / 1000)} s away, beyond maxWaitMs ${maxWaitMs} ms: too many requests are waiting; lower the concurrency`);
    }
    for (const i of which) next[i] = at + spacing[i]!;
    return at;
  };
  /** Sleeps until the booked turn; woken up more than half a spacing late (a busy event loop), it leaves the turn unused and books another. */
  const wait = async (at: number, which: number[], signal: AbortSignal | null): Promise<void> => {
    for (;;) {
      await sleepUntil(at, clock, signal);
      if (which.every((i) => clock() - at < spacing[i]! / 2)) return;
      at = book(which);
    }
  };

  const limiter = (record: Parameters<RateLimiter>[0], signal: AbortSignal | null): Promise<void> | void => {
    if (closed) throw new LimiterError('unavailable', 'this limiter was closed');
    checkVendor(vendor, record);
    const id = record.op.id;
    let which = byOperation.get(id);
    if (!which) byOperation.set(id, (which = applicable(limits, id)));
    const at = book(which);
    // A free turn now: no timer, no promise.
    if (at <= clock()) return;
    return wait(at, which, signal);
  };
  return Object.assign(limiter, {
    vendor: vendor.name,
    limits,
    close: async () => void (closed = true),
  });
}
