/**
 * Rate limits as limiters use them: taken from the vendor descriptor (the spec's
 * `x-careapis-rate-limit`) or given explicitly, checked, and turned into a spacing between
 * requests that keeps every rolling window under its limit.
 */
import type { CallRecord, Limiter, RateLimit, VendorDescriptor } from '@careapis/core';
import { LimiterError } from './errors.js';

/** A client's limiter with what it paces to: the vendor and the limits. */
export interface RateLimiter extends Limiter {
  /** The vendor it paces (package name without scope). */
  readonly vendor: string;
  /** The limits it keeps to. */
  readonly limits: readonly RateLimit[];
  /** Releases what the limiter holds (the Redis connection it opened); calls after it are refused. */
  close(): Promise<void>;
}

/** Options every limiter takes. */
export interface LimiterOptions {
  /** Limits to keep to instead of the vendor's published ones (a contract with a higher limit, a vendor that publishes none, a test). */
  limits?: readonly RateLimit[];
  /** Longest wait for a turn, in ms: a request that would wait longer is refused with a `LimiterError` (`too-long`) instead. Default 300000 (5 minutes). */
  maxWaitMs?: number;
  /** Requests of each window left unused, as room for network and scheduling jitter between this machine and the vendor's. Default 1. */
  margin?: number;
}

/** Default number of requests per window left unused. */
export const DEFAULT_MARGIN = 1;

/** Default longest wait for a turn: 5 minutes. */
export const DEFAULT_MAX_WAIT_MS = 300_000;

/** The limits a limiter for `vendor` keeps to: `given`, else the vendor's published ones; throws {@link LimiterError} when there are none or one is malformed. */
export function resolveLimits(vendor: VendorDescriptor, given: readonly RateLimit[] | undefined): readonly RateLimit[] {
  const limits = given ?? vendor.rateLimits ?? [];
  if (limits.length === 0) {
    throw new LimiterError(
      'no-limits',
      `${vendor.title} publishes no rate limit (see its spec's x-careapis-rate-limit), so there is nothing to pace to: pass \`limits\` explicitly, e.g. [{ requests: 10, windowMs: 1000, scope: 'key' }]`,
    );
  }
  for (const [i, l] of limits.entries()) {
    if (!Number.isInteger(l.requests) || l.requests < 1) throw new LimiterError('bad-limit', `limit ${i}: \`requests\` must be a whole number, 1 or more (got ${String(l.requests)})`);
    if (!(typeof l.windowMs === 'number' && l.windowMs > 0 && Number.isFinite(l.windowMs))) throw new LimiterError('bad-limit', `limit ${i}: \`windowMs\` must be a positive number of milliseconds (got ${String(l.windowMs)})`);
    if (!['key', 'account', 'ip'].includes(l.scope)) throw new LimiterError('bad-limit', `limit ${i}: \`scope\` must be key, account or ip`);
  }
  return limits;
}

/** Checks `margin` against the limits and returns it or the default. */
export function marginOf(value: number | undefined, limits: readonly RateLimit[]): number {
  if (value === undefined) return DEFAULT_MARGIN;
  if (!Number.isInteger(value) || value < 0) throw new LimiterError('bad-limit', '`margin` must be a whole number of requests, 0 or more');
  const tight = limits.find((l) => l.requests > 1 && value >= l.requests);
  if (tight) throw new LimiterError('unmeetable', `a margin of ${value} leaves nothing of ${describeLimit(tight)}: use a margin below ${tight.requests}`);
  return value;
}

/** Checks `maxWaitMs` and returns it or the default. */
export function maxWaitOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_WAIT_MS;
  if (!(typeof value === 'number' && value >= 0)) throw new LimiterError('bad-limit', '`maxWaitMs` must be a number of milliseconds, 0 or more');
  return value;
}

/**
 * Time between two requests under `limit`: the window divided by `requests − margin` (default
 * margin 1). Evenly spaced requests then never put more than `requests − margin` in any rolling
 * window, and the requests left over absorb timer and network jitter. A limit of one request per
 * window is spaced by the window plus a tenth.
 */
export function spacingMs(limit: RateLimit, margin = DEFAULT_MARGIN): number {
  const usable = limit.requests - margin;
  return usable >= 1 ? limit.windowMs / usable : limit.windowMs * 1.1;
}

/** The limits that apply to one call: those for every operation and those that name its operation. */
export function applicable(limits: readonly RateLimit[], operationId: string): number[] {
  const out: number[] = [];
  limits.forEach((l, i) => {
    if (!l.operations || l.operations.includes(operationId)) out.push(i);
  });
  return out;
}

/** Refuses a call from a client of another vendor than the limiter's: its budget would be another's. */
export function checkVendor(vendor: VendorDescriptor, record: CallRecord): void {
  if (record.vendor.name !== vendor.name) {
    throw new LimiterError('wrong-vendor', `this limiter paces ${vendor.title} (${vendor.name}); it was given to a ${record.vendor.title} client: create one limiter per vendor`);
  }
}

/** The smallest budget of the limits, in requests per window: a bulk run cannot keep more requests than this in flight. */
export function smallestBudget(limits: readonly RateLimit[]): RateLimit | undefined {
  return [...limits].sort((a, b) => a.requests - b.requests)[0];
}

/** A limit in words, for messages: `60 requests per 60 s (key)`. */
export function describeLimit(l: RateLimit): string {
  return `${l.requests} request${l.requests === 1 ? '' : 's'} per ${l.windowMs % 1000 === 0 ? `${l.windowMs / 1000} s` : `${l.windowMs} ms`} (per ${l.scope}${l.operations ? `, ${l.operations.join(', ')}` : ''})`;
}

/**
 * Resolves once `clock()` reaches `deadline`, or rejects with the signal's reason when it aborts
 * first. Timers can fire a little early (the event loop's cached time lags), so the clock is read
 * again after each one.
 */
export async function sleepUntil(deadline: number, clock: () => number, signal: AbortSignal | null): Promise<void> {
  for (let left = deadline - clock(); left > 0; left = deadline - clock()) await sleep(Math.ceil(left), signal);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
