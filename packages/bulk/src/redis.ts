/**
 * The Redis limiter: N processes on N machines share one vendor budget. Each limit's time is cut
 * into turns (slots) of `spacingMs`, numbered from the epoch on Redis's clock; a request claims a
 * turn by consuming the one point of that turn's key with rate-limiter-flexible's `RateLimiterRedis`
 * (its atomic increment-with-expiry does the sharing), then sleeps until the turn starts (the turn
 * under way is used at once when it is free and less than half gone). A taken turn sends the
 * claimant to the next one, so waiting processes queue up in Redis, not in retries. One request
 * per turn, each sent in the first half of its turn (a process that wakes up later claims another
 * turn): `requests + 1` of them span more than a window by half a turn, so the processes together
 * never exceed the limit in any rolling window unless the network delays one request by more than
 * half a turn against another; under load they send at turn starts, one spacing apart,
 * `requests − 1` per window.
 */
import type { CallRecord, RateLimit, VendorDescriptor } from '@careapis/core';
import { Redis, type RedisOptions } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LimiterError } from './errors.js';
import { applicable, checkVendor, describeLimit, DEFAULT_MARGIN, marginOf, maxWaitOf, resolveLimits, sleepUntil, spacingMs, type LimiterOptions, type RateLimiter } from './limits.js';

/** Options of {@link redisLimiter}. */
export interface RedisLimiterOptions extends LimiterOptions {
  /** The Redis to share the budget through: a `redis://host:port` URL (the limiter opens and closes its own connection) or an ioredis client you own. */
  redis: string | Redis;
  /**
   * Names the budget: every limiter with the same vendor and `budget` shares one, whatever process
   * or machine it runs in. Use what the vendor counts by (its `scope`): a name for the API key or
   * account (never the key itself), or the egress IP for a per-IP limit.
   */
  budget: string;
  /** Prefix of the Redis keys. Default `careapis:limit`. */
  prefix?: string;
  /** How long to wait for Redis to answer when connecting, ms. Default 2000. */
  connectTimeoutMs?: number;
}

/** A limiter backed by Redis; `ready()` connects (the first call does it too). */
export interface RedisRateLimiter extends RateLimiter {
  /** Connects to Redis and reads its clock; rejects with `LimiterError` (`unavailable`) when Redis cannot be reached. */
  ready(): Promise<void>;
}

/** One limit as kept in Redis: turn length, requests per turn, stride (2 for a one-request limit: every other turn), the rate-limiter-flexible instance. */
interface Lane {
  limit: RateLimit;
  slotMs: number;
  /** How far into its turn a request may still be sent: half a turn with one request per turn, the whole turn with several. */
  sendMs: number;
  points: number;
  stride: number;
  store: RateLimiterRedis;
  /** The first turn that may still be free, as far as this process knows. */
  hint: number;
}

/** Shortest turn: below it, a turn holds several requests instead (fewer Redis keys, turn numbers well within exact integers). */
export const MIN_TURN_MS = 10;

/**
 * How a limit is cut into turns: one request per turn of `spacingMs(limit)` (every other turn of a
 * window for a one-request limit); for limits faster than one request per {@link MIN_TURN_MS},
 * `m` turns per window holding `⌊(requests − margin) / (m + 1)⌋` requests each, which no rolling
 * window can fit more than `requests − margin` of.
 */
export function turnsOf(limit: RateLimit, margin = DEFAULT_MARGIN): { slotMs: number; points: number; stride: number } {
  if (limit.requests === 1) return { slotMs: limit.windowMs, points: 1, stride: 2 };
  const spacing = spacingMs(limit, margin);
  if (spacing >= MIN_TURN_MS) return { slotMs: spacing, points: 1, stride: 1 };
  const m = Math.max(1, Math.floor(limit.windowMs / MIN_TURN_MS));
  return { slotMs: limit.windowMs / m, points: Math.max(1, Math.floor((limit.requests - margin) / (m + 1))), stride: 1 };
}

/**
 * A limiter that shares one budget across processes through Redis:
 * `redisLimiter(vendor, { redis: 'redis://127.0.0.1:6379', budget: 'acme-prod-key' })`.
 * Every request, retries and token requests included, claims a turn (one Redis round trip when
 * the current turn is free). When Redis cannot be reached the call is refused with
 * `LimiterError` (`unavailable`) and nothing is sent: the limiter never lets requests through
 * unpaced. Throws `LimiterError` (`no-limits`) when the vendor publishes no limit and none is given.
 */
export function redisLimiter(vendor: VendorDescriptor, options: RedisLimiterOptions): RedisRateLimiter {
  const limits = resolveLimits(vendor, options.limits);
  const maxWaitMs = maxWaitOf(options.maxWaitMs);
  if (typeof options.budget !== 'string' || options.budget === '') throw new LimiterError('bad-limit', '`budget` is required: a name for the shared budget (what the vendor counts by), never the API key itself');
  const owned = typeof options.redis === 'string';
  const connectTimeout = options.connectTimeoutMs ?? 2000;
  const where = typeof options.redis === 'string' ? hostOf(options.redis) : 'the given Redis client';
  const client = typeof options.redis === 'string' ? new Redis(options.redis, clientOptions(connectTimeout)) : options.redis;
  // An owned connection fails fast instead of queueing commands while Redis is away.
  if (owned) client.on('error', () => {});
  const prefix = `${options.prefix ?? 'careapis:limit'}:${vendor.name}:${options.budget}`;
  const margin = marginOf(options.margin, limits);
  const lanes: Lane[] = limits.map((limit, i) => {
    const { slotMs, points, stride } = turnsOf(limit, margin);
    return {
      limit,
      slotMs,
      sendMs: points === 1 ? slotMs / 2 : slotMs,
      points,
      stride,
      hint: 0,
      store: new RateLimiterRedis({ storeClient: client, keyPrefix: `${prefix}:${i}`, points, duration: Math.max(1, Math.ceil(slotMs / 1000)), rejectIfRedisNotReady: true }),
    };
  });
  const byOperation = new Map<string, number[]>();
  // Redis's clock minus ours, so that every process numbers turns alike.
  let offset = 0;
  let connecting: Promise<void> | undefined;
  let closed = false;

  const ready = (): Promise<void> =>
    (connecting ??= (async () => {
      try {
        // An owned connection that never connected, or that gave up after Redis went away, connects (again).
        if (owned && (client.status === 'wait' || client.status === 'end')) await withTimeout(client.connect(), connectTimeout);
        else if (client.status !== 'ready') await withTimeout(new Promise<void>((resolve) => client.once('ready', () => resolve())), connectTimeout);
        const before = Date.now();
        const [seconds, micros] = await withTimeout(client.time(), connectTimeout);
        const after = Date.now();
        offset = Number(seconds) * 1000 + Number(micros) / 1000 - (before + after) / 2;
      } catch (cause) {
        connecting = undefined;
        if (owned) client.disconnect();
        throw unavailable(where, cause);
      }
    })());

  /** Claims a turn on one lane at or after `from` (Redis time, ms); resolves with the turn's start. */
  /** Claims a turn on one lane whose sending part holds `from` or starts after it (Redis time, ms); resolves with the turn's start. */
  const claim = async (lane: Lane, from: number, now: number): Promise<number> => {
    // The turn under way is used when free and `from` is still in its sending part: an idle client sends at once.
    const current = Math.floor(from / lane.slotMs);
    let slot = Math.max(from - current * lane.slotMs < lane.sendMs ? current : current + 1, lane.hint);
    if (lane.stride === 2 && slot % 2 !== 0) slot++;
    for (;;) {
      const start = slot * lane.slotMs;
      if (start - now > maxWaitMs) {
        throw new LimiterError('too-long', `${vendor.title}: the next free turn under ${describeLimit(lane.limit)} is ${Math.ceil((start - now) / 1000)} s away, beyond maxWaitMs ${maxWaitMs} ms: too many requests are waiting on budget "${options.budget}"; lower the concurrency or the number of workers`);
      }
      const ttl = Math.max(1, Math.ceil((start + lane.slotMs - now) / 1000) + 1);
      try {
        const taken = await lane.store.consume(String(slot), 1, { customDuration: ttl });
        lane.hint = taken.remainingPoints > 0 ? slot : slot + lane.stride;
        return start;
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) {
          // Redis went away: the next call connects again before it claims a turn.
          connecting = undefined;
          throw unavailable(where, result);
        }
        slot += lane.stride;
        lane.hint = Math.max(lane.hint, slot);
      }
    }
  };

  const clock = (): number => Date.now() + offset;
  const limiter = async (record: CallRecord, signal: AbortSignal | null): Promise<void> => {
    if (closed) throw new LimiterError('unavailable', 'this limiter was closed');
    checkVendor(vendor, record);
    await ready();
    const id = record.op.id;
    let which = byOperation.get(id);
    if (!which) byOperation.set(id, (which = applicable(limits, id)));
    // A turn is only good for its sending part: a process that wakes up later than that (a busy
    // event loop, a paused machine) leaves the turn unused and claims another.
    for (;;) {
      const now = clock();
      // Claim a turn on every lane whose sending part covers one moment: a turn that does not cover
      // another lane's later start is given up and claimed again from that start.
      const starts = new Map<number, number>();
      let at = now;
      for (let settled = false; !settled; ) {
        settled = true;
        for (const i of which) {
          const lane = lanes[i]!;
          const start = starts.get(i);
          if (start !== undefined && start <= at && at < start + lane.sendMs) continue;
          const claimed = await claim(lane, at, now);
          starts.set(i, claimed);
          if (claimed > at) {
            at = claimed;
            settled = false;
          }
        }
      }
      await sleepUntil(at, clock, signal);
      const sent = clock();
      if (which.every((i) => sent < starts.get(i)! + lanes[i]!.sendMs)) return;
    }
  };

  return Object.assign(limiter, {
    vendor: vendor.name,
    limits,
    ready,
    close: async () => {
      closed = true;
      if (owned) client.disconnect();
    },
  });
}

/** ioredis options for a connection the limiter owns: no offline queue, one try per command, a bounded connect. */
function clientOptions(connectTimeout: number): RedisOptions {
  return { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout, retryStrategy: (times) => (times > 3 ? null : 200 * times) };
}

/** `host:port` of a Redis URL, without its password. */
function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the Redis URL given (not shown)';
  }
}

/** The error for a Redis that does not answer: where, and the network reason; nothing was sent. */
function unavailable(where: string, cause: unknown): LimiterError {
  const reason = (cause as { code?: unknown } | null)?.code ?? (cause instanceof Error ? cause.message : String(cause));
  return new LimiterError('unavailable', `Redis at ${where} cannot be reached (${String(reason)}): the request was not sent, since it could not be paced to the shared budget`, { cause });
}

/** `promise`, or a rejection after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
