/** Timeouts and aborts under real faults: hanging servers, slow answers, stalled bodies, a caller's AbortSignal. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CareApiAbortError, CareApiError, CareApiTimeoutError, createStediClient } from '@careapis/stedi';
import { CareApiRequestError, DEFAULT_TIMEOUT_MS } from '@careapis/core';
import { hang, reply, slow, stall, useLoopbackServer } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';
import { useLeakCheck } from './secret-leaks.js';

const STEDI_KEY = 'stedi-key-timeouts-0b7e41';
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const PROVIDER = { id: 'p1', name: 'BDQ Dental Inc', npi: '1999999992' };
const GET_P1 = 'GET /providers/p1';
const P1 = { providerId: 'p1' };

const leaks = useLeakCheck({ STEDI_KEY });
const server = useLoopbackServer();
const client = (options: { timeout?: number; maxRetries?: number } = {}) => createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, ...options });

/** Resolves once the server has received `n` requests on `route` (bounded: 200 × 25 ms). */
async function received(route: string, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (server.count(route) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the server did not receive ${n} requests on ${route}`);
}

describe('timeouts', () => {
  it('default: 60 s per attempt', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
  });

  it('a server that never answers times out, on every attempt of a GET, then throws CareApiTimeoutError', async () => {
    server.script(GET_P1, hang());
    const started = performance.now();
    const error = await leaks.rejection(client({ timeout: 200 }).getProvider(P1));
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 190);
    expect(error).toBeInstanceOf(CareApiTimeoutError);
    expect(error).toBeInstanceOf(CareApiRequestError);
    expect(error).toMatchObject({ context: { operationId: 'getProvider', attempts: 3 } });
    expect((error as Error).message).toContain('no complete response within 200 ms');
    expect(server.count(GET_P1)).toBe(3);
  });

  it('a timed-out attempt is retried and a later answer wins', async () => {
    server.script(GET_P1, hang(), reply(200, PROVIDER));
    expect((await client({ timeout: 300 }).getProvider(P1)).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(2);
  });

  it('each attempt gets a fresh timer', async () => {
    // Attempt 1 uses its whole second; attempt 2 answers after 400 ms. One timer for the whole call would fire during attempt 2.
    server.script(GET_P1, hang(), slow(400, 200, PROVIDER));
    expect((await client({ timeout: 1000 }).getProvider(P1)).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(2);
  });

  it('a slow answer inside the timeout is not a timeout', async () => {
    server.script(GET_P1, slow(300, 200, PROVIDER));
    expect((await client({ timeout: 5000 }).getProvider(P1)).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(1);
  });

  it('the timeout can be overridden per call, both ways', async () => {
    server.script(GET_P1, hang());
    const error = await leaks.rejection(client().getProvider(P1, { timeout: 150, maxRetries: 0 }));
    expect(error).toBeInstanceOf(CareApiTimeoutError);
    expect(server.count(GET_P1)).toBe(1);

    server.clear();
    server.script(GET_P1, slow(400, 200, PROVIDER));
    const data = await client({ timeout: 100, maxRetries: 0 }).getProvider(P1, { timeout: 5000 });
    expect(data.id).toBe('p1');
  });

  it('covers the body: headers followed by a body that stalls end in CareApiTimeoutError, not retried', async () => {
    server.script(GET_P1, stall(200, PROVIDER), reply(200, PROVIDER));
    const error = await leaks.rejection(client({ timeout: 300 }).getProvider(P1));
    expect(error).toBeInstanceOf(CareApiTimeoutError);
    expect((error as Error).message).toContain('no complete response within 300 ms');
    expect(error).toMatchObject({ context: { operationId: 'getProvider', attempts: 1 } });
    expect(server.count(GET_P1)).toBe(1);
  });

  it('a POST times out once and is not retried', async () => {
    server.script('POST /providers', hang());
    const error = await leaks.rejection(client({ timeout: 150 }).createProvider({ body: { name: 'X', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' } }));
    expect(error).toBeInstanceOf(CareApiTimeoutError);
    expect(server.count('POST /providers')).toBe(1);
  });

  it('50 concurrent calls against a hanging server all time out; calls answered in the same moment are unaffected', async () => {
    server.script('GET /providers/slow', hang());
    server.script(GET_P1, reply(200, PROVIDER));
    const stedi = client({ timeout: 1_000, maxRetries: 0 });
    const hanging = Array.from({ length: 50 }, () => stedi.getProvider({ providerId: 'slow' }).then(() => 'answered', (e: unknown) => leaks.record(e)));
    const answered = await Promise.all(Array.from({ length: 20 }, () => stedi.getProvider(P1)));
    expect(answered.every((p) => p.id === 'p1')).toBe(true);
    const outcomes = await Promise.all(hanging);
    expect(outcomes.filter((o) => o instanceof CareApiTimeoutError)).toHaveLength(50);
    // Calls answered before the deadline are untouched by it: read again after it passed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await stedi.getProvider(P1)).id).toBe('p1');
  });

  it('calls with different timeouts each get their own', async () => {
    server.script(GET_P1, hang());
    const stedi = client({ maxRetries: 0 });
    const started = performance.now();
    const short = stedi.getProvider(P1, { timeout: 150 }).catch((e: unknown) => ({ error: leaks.record(e), at: performance.now() - started }));
    const long = stedi.getProvider(P1, { timeout: 1200 }).catch((e: unknown) => ({ error: leaks.record(e), at: performance.now() - started }));
    const [a, b] = (await Promise.all([short, long])) as { error: unknown; at: number }[];
    expect(a?.error).toBeInstanceOf(CareApiTimeoutError);
    expect(b?.error).toBeInstanceOf(CareApiTimeoutError);
    expect(a?.at).toBeLessThan(b?.at ?? 0);
    expect(b?.at).toBeGreaterThanOrEqual(1150);
  });

  it('rejects a timeout that is not a positive number', () => {
    expect(() => client({ timeout: 0 })).toThrow(/timeout/);
    expect(() => client({ timeout: -5 })).toThrow(/timeout/);
  });
});

describe("the caller's AbortSignal", () => {
  it('aborts a request in flight: CareApiAbortError, no retry', async () => {
    server.script(GET_P1, hang());
    const controller = new AbortController();
    const pending = client().getProvider(P1, { signal: controller.signal });
    await received(GET_P1, 1);
    controller.abort(new Error('user navigated away'));
    const error = await leaks.rejection(pending);
    expect(error).toBeInstanceOf(CareApiAbortError);
    expect(error).not.toBeInstanceOf(CareApiTimeoutError);
    expect((error as Error).cause).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.count(GET_P1)).toBe(1);
  });

  it('aborts while waiting to retry (mid-retry): no further attempt', async () => {
    server.script(GET_P1, reply(503, { message: 'down' }, { 'retry-after': '5' }), reply(200, PROVIDER));
    const controller = new AbortController();
    const started = performance.now();
    const pending = client().getProvider(P1, { signal: controller.signal });
    await received(GET_P1, 1);
    setTimeout(() => controller.abort(), 100);
    const error = await leaks.rejection(pending);
    expect(error).toBeInstanceOf(CareApiAbortError);
    expect((error as Error).message).toContain('waiting to retry');
    expect(error).toMatchObject({ context: { attempts: 1 } });
    expect(performance.now() - started).toBeLessThan(4500);
    expect(server.count(GET_P1)).toBe(1);
  });

  it('aborts a call whose attempts keep timing out, between attempts', async () => {
    server.script(GET_P1, hang());
    const controller = new AbortController();
    const pending = client({ timeout: 100, maxRetries: 5 }).getProvider(P1, { signal: controller.signal });
    await received(GET_P1, 2);
    controller.abort();
    expect(await leaks.rejection(pending)).toBeInstanceOf(CareApiAbortError);
    const seen = server.count(GET_P1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.count(GET_P1)).toBe(seen);
    expect(seen).toBeLessThan(6);
  });

  it('an already-aborted signal sends nothing', async () => {
    server.script(GET_P1, reply(200, PROVIDER));
    const error = await leaks.rejection(client().getProvider(P1, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(CareApiAbortError);
    expect(server.count(GET_P1)).toBe(0);
  });

  it('aborting while the body is read ends in CareApiAbortError', async () => {
    server.script(GET_P1, stall(200, PROVIDER));
    const controller = new AbortController();
    const pending = client().getProvider(P1, { signal: controller.signal });
    await received(GET_P1, 1);
    setTimeout(() => controller.abort(), 100);
    const error = await leaks.rejection(pending);
    expect(error).toBeInstanceOf(CareApiAbortError);
    expect(error).not.toBeInstanceOf(CareApiError);
  });

  it('a long-lived signal (a shutdown signal) given to many calls keeps nothing of them: no listener, no dependent signal', async () => {
    server.script(GET_P1, ...Array.from({ length: 20 }, () => reply(200, PROVIDER)));
    const shutdown = new AbortController();
    const stedi = client();
    for (let i = 0; i < 20; i++) await stedi.getProvider(P1, { signal: shutdown.signal });
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    // AbortSignal.any() registers the signal it makes on its sources, and Node 20 never lets go of it.
    const dependants = Object.getOwnPropertySymbols(shutdown.signal).find((s) => s.description === 'kDependantSignals');
    const kept = dependants ? (shutdown.signal as unknown as Record<symbol, Set<unknown> | undefined>)[dependants]?.size : undefined;
    expect(kept ?? 0).toBe(0);
  });
});
