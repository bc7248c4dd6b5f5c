/**
 * The `limiter` client option and the in-process limiter of @careapis/bulk, against a loopback
 * server: the hook runs before every attempt (retries and token requests included), the limiter
 * paces a client to the vendor's limit (spread evenly, never over it in any rolling window), reads
 * the limits from the spec, and refuses what it cannot do with a clear error instead of letting
 * requests through unpaced.
 */
import { describe, expect, it } from 'vitest';
import { createCandidClient, getContract, createCandidBase } from '@careapis/candid';
import { createCarecycleClient, vendor as carecycle } from '@careapis/carecycle';
import { vendor as certifyos } from '@careapis/certifyos';
import { createStediClient } from '@careapis/stedi';
import { CareApiAbortError, CareApiError, type CallRecord, type Limiter } from '@careapis/core';
import { inProcessLimiter, LimiterError, spacingMs } from '@careapis/bulk';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { CC_KEY, CUSTOMER, enforcing, maxInWindow, provider, ratePerSecond } from './helpers.js';

const server = useLoopbackServer();
const ROUTE = `POST /v2/customers/${CUSTOMER}/providers`;
const CONTRACT = 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32';

describe('the limiter option', () => {
  it('is awaited before every attempt: the token request, the first try and each retry', async () => {
    server.script('POST /api/auth/v2/token', reply(200, { access_token: 'tok', expires_in: 18000 }));
    server.script(`GET /api/contracts/v2/${CONTRACT}`, reply(503, { message: 'busy' }), reply(200, { contract_id: CONTRACT }));
    const seen: string[] = [];
    const limiter: Limiter = (record: CallRecord) => {
      // Recorded when the limiter is asked: the server must not have seen this attempt yet.
      seen.push(`${record.op.id}#${record.attempts} after ${server.count()} requests`);
    };
    const candid = createCandidBase({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret', limiter, retry: { initialDelayMs: 1, maxDelayMs: 2 } });
    await getContract(candid, { contract_id: CONTRACT });
    expect(seen).toEqual(['getToken#1 after 0 requests', 'getContract#1 after 1 requests', 'getContract#2 after 2 requests']);
  });

  it('ends the call with the limiter\'s error, and nothing is sent', async () => {
    const refusing: Limiter = () => Promise.reject(new LimiterError('unavailable', 'no budget today'));
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter: refusing });
    await expect(client.createCustomerProvider({ id: CUSTOMER, body: provider(1) })).rejects.toThrow(/no budget today/);
    expect(server.count()).toBe(0);
  });
});

describe('inProcessLimiter', () => {
  it('takes the limits from the spec (careCycle: 60 a minute per key)', () => {
    expect(inProcessLimiter(carecycle).limits).toEqual([{ requests: 60, windowMs: 60_000, scope: 'key' }]);
    expect(spacingMs({ requests: 60, windowMs: 60_000, scope: 'key' })).toBeCloseTo(60_000 / 59);
  });

  it('paces concurrent calls evenly: never more than the limit in any rolling window, and most of it used', async () => {
    const limit = { requests: 11, windowMs: 500, scope: 'key' } as const;
    const enforce = enforcing(limit.requests, limit.windowMs);
    server.script(ROUTE, enforce);
    // Two requests of each window kept in reserve: room for a busy test machine to stall the server's clock.
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter: inProcessLimiter(carecycle, { limits: [limit], margin: 2 }) });
    const started = performance.now();
    await Promise.all(Array.from({ length: 25 }, (_, i) => client.createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
    const elapsed = performance.now() - started;
    const times = server.on(ROUTE).map((r) => r.at);
    expect(enforce.rejected).toBe(0);
    expect(times).toHaveLength(25);
    expect(maxInWindow(times, limit.windowMs)).toBeLessThanOrEqual(limit.requests);
    // 25 calls one spacing (500/9 ms) apart take 24 spacings: 1.33 s. Without the limiter they take a few ms.
    expect(elapsed).toBeGreaterThanOrEqual(24 * spacingMs(limit, 2) - 5);
    // 18 a second of the 22 allowed is the aim (82 %).
    expect(ratePerSecond(times)).toBeGreaterThanOrEqual(0.7 * (limit.requests / limit.windowMs) * 1000);
  });

  it('keeps a limit scoped to some operations to those operations only', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    server.script(`DELETE /v2/customers/${CUSTOMER}/providers/p1`, reply(204));
    const limiter = inProcessLimiter(carecycle, { limits: [{ requests: 2, windowMs: 400, scope: 'key', operations: ['deleteCustomerProvider'] }] });
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
    const creates = performance.now() - t0;
    await Promise.all(Array.from({ length: 3 }, () => client.deleteCustomerProvider({ id: CUSTOMER, providerId: 'p1' })));
    const deletes = performance.now() - t0 - creates;
    expect(creates).toBeLessThan(200);
    // Two requests per 400 ms: one every 400 ms, so three deletes take two spacings.
    expect(deletes).toBeGreaterThanOrEqual(2 * 400 - 5);
  });

  it('still retries a 429 as before (careCycle\'s retryAfter honoured)', async () => {
    server.script(`PATCH /v2/customers/${CUSTOMER}/providers/p1`, reply(429, { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded', retryAfter: 0 }), reply(200, { id: 'p1' }));
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter: inProcessLimiter(carecycle, { limits: [{ requests: 100, windowMs: 1000, scope: 'key' }] }) });
    await expect(client.updateCustomerProvider({ id: CUSTOMER, providerId: 'p1', body: { providerName: 'Dr B' } })).resolves.toEqual({ id: 'p1' });
    expect(server.count()).toBe(2);
  });

  it('stops waiting when the call is aborted, and nothing is sent', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const limiter = inProcessLimiter(carecycle, { limits: [{ requests: 2, windowMs: 10_000, scope: 'key' }] });
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    await client.createCustomerProvider({ id: CUSTOMER, body: provider(1) });
    const call = client.createCustomerProvider({ id: CUSTOMER, body: provider(2) }, { signal: AbortSignal.timeout(50) });
    await expect(call).rejects.toBeInstanceOf(CareApiAbortError);
    expect(server.count()).toBe(1);
  });

  it('refuses a wait longer than maxWaitMs with a clear error instead of queueing for hours', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const limiter = inProcessLimiter(carecycle, { limits: [{ requests: 2, windowMs: 60_000, scope: 'key' }], maxWaitMs: 1000 });
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    await client.createCustomerProvider({ id: CUSTOMER, body: provider(1) });
    const error = await client.createCustomerProvider({ id: CUSTOMER, body: provider(2) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimiterError);
    expect((error as LimiterError).code).toBe('too-long');
    expect((error as Error).message).toMatch(/2 requests per 60 s .*beyond maxWaitMs 1000 ms/);
    expect(server.count()).toBe(1);
  });

  it('keeps `margin` requests of each window unused (default 1), and refuses a margin that leaves nothing', () => {
    const limit = { requests: 20, windowMs: 1000, scope: 'key' } as const;
    expect(spacingMs(limit)).toBeCloseTo(1000 / 19);
    expect(spacingMs(limit, 4)).toBeCloseTo(1000 / 16);
    expect(() => inProcessLimiter(carecycle, { limits: [limit], margin: 20 })).toThrow(/a margin of 20 leaves nothing of 20 requests per 1 s/);
    expect(() => inProcessLimiter(carecycle, { limits: [limit], margin: -1 })).toThrow(/`margin` must be a whole number/);
  });

  it('refuses to be created for a vendor that publishes no limit, unless limits are given', () => {
    const error = (() => {
      try {
        inProcessLimiter(certifyos);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LimiterError);
    expect((error as LimiterError).code).toBe('no-limits');
    expect((error as Error).message).toMatch(/CertifyOS API publishes no rate limit .*pass `limits` explicitly/);
    expect(inProcessLimiter(certifyos, { limits: [{ requests: 5, windowMs: 1000, scope: 'account' }] }).limits).toHaveLength(1);
  });

  it.each([
    [{ requests: 0, windowMs: 1000, scope: 'key' as const }, /`requests` must be a whole number/],
    [{ requests: 2.5, windowMs: 1000, scope: 'key' as const }, /`requests` must be a whole number/],
    [{ requests: 5, windowMs: 0, scope: 'key' as const }, /`windowMs` must be a positive number/],
    [{ requests: 5, windowMs: 1000, scope: 'planet' as 'key' }, /`scope` must be key, account or ip/],
  ])('refuses a malformed limit %j', (limit, message) => {
    expect(() => inProcessLimiter(carecycle, { limits: [limit] })).toThrow(message);
  });

  it('refuses a client of another vendor: its budget is not that vendor\'s', async () => {
    const stedi = createStediClient({ apiKey: 'key', baseUrl: server.url, limiter: inProcessLimiter(carecycle) });
    const error = await stedi.getProvider({ providerId: 'p1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimiterError);
    expect((error as LimiterError).code).toBe('wrong-vendor');
    expect(server.count()).toBe(0);
  });

  it('shares one budget between the clients it is given to', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const limiter = inProcessLimiter(carecycle, { limits: [{ requests: 5, windowMs: 400, scope: 'key' }] });
    const a = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    const b = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => (i % 2 ? a : b).createCustomerProvider({ id: CUSTOMER, body: provider(i) })));
    // Seven calls, one every 100 ms: at most five in any 400 ms (without the shared budget, seven arrive within a few ms).
    expect(maxInWindow(server.on(ROUTE).map((r) => r.at), 400)).toBeLessThanOrEqual(5);
  });

  it('leaves error handling as it was: a vendor error still rejects with CareApiError', async () => {
    server.script(ROUTE, reply(422, { code: 'VALIDATION_ERROR', message: 'providerType is required' }));
    const client = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter: inProcessLimiter(carecycle) });
    const error = await client.createCustomerProvider({ id: CUSTOMER, body: provider(1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CareApiError);
    expect((error as CareApiError).status).toBe(422);
  });

  it('gives the token request its own turn: a client-credentials client mints under the same budget', async () => {
    server.script('POST /api/auth/v2/token', reply(200, { access_token: 'tok', expires_in: 18000 }));
    server.script(`GET /api/contracts/v2/${CONTRACT}`, reply(200, { contract_id: CONTRACT }));
    const limit = { requests: 3, windowMs: 300, scope: 'ip' } as const;
    const candid = createCandidClient({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret', limiter: inProcessLimiter(await import('@careapis/candid').then((m) => m.vendor), { limits: [limit] }) });
    await candid.getContract({ contract_id: CONTRACT });
    const [token, contract] = server.requests.map((r) => r.at);
    // Two turns, one spacing (150 ms) apart.
    expect(contract! - token!).toBeGreaterThanOrEqual(spacingMs(limit) - 5);
  });
});
