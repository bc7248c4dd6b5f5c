/**
 * The Redis limiter of @careapis/bulk: worker processes sharing one budget through a real Redis
 * (Debian's redis-server, installed and started by test/support/redis-server.ts) stay under the
 * limit together, where the same workers each pacing alone go over it; and a Redis that cannot be
 * reached stops calls with a clear error instead of letting them through unpaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCarecycleClient, vendor as carecycle } from '@careapis/carecycle';
import { LimiterError, redisLimiter } from '@careapis/bulk';
import { freePort } from '../../scripts/src/mock/ports.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { CC_KEY, CUSTOMER, enforcing, maxInWindow, provider, ratePerSecond } from './helpers.js';
import { runWorkers } from './workers.js';

const server = useLoopbackServer();
const ROUTE = `POST /v2/customers/${CUSTOMER}/providers`;
let redis: TestRedis;
let budgets = 0;
/** A fresh budget name per test, so that tests never share turns. */
const budget = (): string => `test-${process.pid}-${++budgets}`;

beforeAll(async () => {
  redis = await startRedis();
}, 600_000);
afterAll(() => redis?.stop());

describe('redisLimiter across processes', () => {
  const limit = { requests: 10, windowMs: 500, scope: 'key' } as const;
  // Two requests of each window kept in reserve (`margin`): room for a busy test machine to stall the server's clock.
  const config = (kind: 'redis' | 'in-process', name: string) => (worker: number) => ({ baseUrl: server.url, redisUrl: redis.url, budget: name, limits: [limit], margin: 2, calls: 12, concurrency: 2, kind, worker });

  it('three workers sharing one budget stay under the limit together, and use most of it', async () => {
    const enforce = enforcing(limit.requests, limit.windowMs);
    server.script(ROUTE, enforce);
    const reports = (await runWorkers(3, 'paced-calls.mjs', config('redis', budget()))) as { ok: number; limited: number; other: number }[];
    const times = server.on(ROUTE).map((r) => r.at);
    expect(reports.reduce((n, r) => n + r.ok, 0)).toBe(36);
    expect(enforce.rejected).toBe(0);
    expect(maxInWindow(times, limit.windowMs)).toBeLessThanOrEqual(limit.requests);
    // 10 per 500 ms is 20/s; with two requests in reserve turns come every 500/8 ms, 16/s. Allow for a busy machine.
    expect(ratePerSecond(times)).toBeGreaterThanOrEqual(0.65 * 20);
  }, 60_000);

  it('the same three workers each pacing alone (in-process) go over it: the shared budget is what keeps them under', async () => {
    const enforce = enforcing(limit.requests, limit.windowMs);
    server.script(ROUTE, enforce);
    await runWorkers(3, 'paced-calls.mjs', config('in-process', budget()));
    expect(enforce.rejected).toBeGreaterThan(0);
  }, 60_000);

  it('a second process joining later waits for the first one\'s turns instead of taking them', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const name = budget();
    const a = redisLimiter(carecycle, { redis: redis.url, budget: name, limits: [{ requests: 3, windowMs: 600, scope: 'key' }] });
    const b = redisLimiter(carecycle, { redis: redis.url, budget: name, limits: [{ requests: 3, windowMs: 600, scope: 'key' }] });
    try {
      const ca = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter: a });
      const cb = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter: b });
      await Promise.all([0, 1, 2].map((i) => ca.createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
      await Promise.all([3, 4, 5].map((i) => cb.createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
      const times = server.on(ROUTE).map((r) => r.at);
      expect(times).toHaveLength(6);
      // 3 per 600 ms: one turn every 300 ms, whichever process asks (the first may be used up to half a turn late).
      expect(maxInWindow(times, 600)).toBeLessThanOrEqual(3);
      expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(5 * 300 - 150 - 20);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('budgets with different names do not share turns', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    // 3 per 600 ms: a turn every 300 ms. Sharing one budget, six calls would need six turns (over 1.3 s).
    const limits = [{ requests: 3, windowMs: 600, scope: 'key' as const }];
    const limiters = [redisLimiter(carecycle, { redis: redis.url, limits, budget: budget() }), redisLimiter(carecycle, { redis: redis.url, limits, budget: budget() })];
    try {
      const clients = limiters.map((limiter) => createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter }));
      const started = performance.now();
      await Promise.all([0, 1, 2, 3, 4, 5].map((i) => clients[i % 2]!.createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
      expect(performance.now() - started).toBeLessThan(1100);
      expect(server.count()).toBe(6);
    } finally {
      await Promise.all(limiters.map((l) => l.close()));
    }
  });

  it('a limit faster than one request per 10 ms holds several requests per turn, and still never exceeds it', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    // 50 per 100 ms: ten 10 ms turns per window, 4 requests each (4 × 11 turns ≤ 50).
    const limiter = redisLimiter(carecycle, { redis: redis.url, budget: budget(), limits: [{ requests: 50, windowMs: 100, scope: 'key' }] });
    try {
      const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < 150) await client.createCustomerProvider({ id: CUSTOMER, body: provider(next++) });
      };
      await Promise.all(Array.from({ length: 8 }, lane));
      const times = server.on(ROUTE).map((r) => r.at);
      expect(times.length).toBeGreaterThanOrEqual(150);
      expect(maxInWindow(times, 100)).toBeLessThanOrEqual(50);
    } finally {
      await limiter.close();
    }
  });

  it('refuses a wait longer than maxWaitMs with LimiterError too-long', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const limiter = redisLimiter(carecycle, { redis: redis.url, budget: budget(), limits: [{ requests: 2, windowMs: 60_000, scope: 'key' }], maxWaitMs: 500 });
    try {
      const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
      const results = await Promise.allSettled([1, 2, 3].map((i) => client.createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as LimiterError);
      expect(refused.length).toBeGreaterThanOrEqual(2);
      for (const e of refused) expect(e.code).toBe('too-long');
      expect(server.count()).toBe(results.length - refused.length);
    } finally {
      await limiter.close();
    }
  });
});

describe('redisLimiter when Redis is out of reach', () => {
  it('refuses the call with LimiterError unavailable, naming host and port (no password), and sends nothing', async () => {
    const port = await freePort();
    const limiter = redisLimiter(carecycle, { redis: `redis://:hunter2@127.0.0.1:${port}`, budget: budget(), connectTimeoutMs: 500 });
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    const started = performance.now();
    const error = await client.createCustomerProvider({ id: CUSTOMER, body: provider(1) }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(LimiterError);
    expect((error as LimiterError).code).toBe('unavailable');
    expect((error as Error).message).toContain(`Redis at 127.0.0.1:${port} cannot be reached`);
    expect((error as Error).message).not.toContain('hunter2');
    expect(server.count()).toBe(0);
    await expect(limiter.ready()).rejects.toThrow(/cannot be reached/);
    await limiter.close();
  });

  it('a Redis that goes away mid-run stops the next call the same way, and one that comes back is used again', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const own = await startRedis();
    let back: TestRedis | undefined;
    const limiter = redisLimiter(carecycle, { redis: own.url, budget: budget(), limits: [{ requests: 100, windowMs: 1000, scope: 'key' }], connectTimeoutMs: 500 });
    try {
      const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
      await client.createCustomerProvider({ id: CUSTOMER, body: provider(1) });
      await own.stop();
      const error = await client.createCustomerProvider({ id: CUSTOMER, body: provider(2) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LimiterError);
      expect((error as LimiterError).code).toBe('unavailable');
      expect(server.count()).toBe(1);
      // Redis is back on the same port: the limiter connects again and paces as before.
      back = await startRedis({ port: own.port });
      await client.createCustomerProvider({ id: CUSTOMER, body: provider(3) });
      expect(server.count()).toBe(2);
    } finally {
      await limiter.close();
      await own.stop();
      await back?.stop();
    }
  });

  it('needs a budget name', () => {
    expect(() => redisLimiter(carecycle, { redis: 'redis://127.0.0.1:1', budget: '' })).toThrow(/`budget` is required/);
  });
});
