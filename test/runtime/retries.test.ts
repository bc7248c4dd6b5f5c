/** Retries under real faults: which statuses and methods, how many attempts, Retry-After, the cap, bodies resent intact. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CareApiConnectionError, CareApiError, CareApiTimeoutError, createStediClient, rawClient, unwrap, type StediClient } from '@careapis/stedi';
import { createCarecycleClient } from '@careapis/carecycle';
import { RETRY_DEFAULTS, type RetryContext } from '@careapis/core';
import { reply, reset, stall, useLoopbackServer } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';
import { useLeakCheck } from './secret-leaks.js';

const STEDI_KEY = 'stedi-key-retries-5f2c9a';
const CARECYCLE_KEY = 'cc_retries_key_8d1e77';
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const PROVIDER = { id: 'p1', name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' };
const GET_P1 = 'GET /providers/p1';

const leaks = useLeakCheck({ STEDI_KEY, CARECYCLE_KEY });
const server = useLoopbackServer();
let stedi: StediClient;

beforeAll(() => {
  stedi = createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST });
});

const getP1 = (options: { maxRetries?: number } = {}) => stedi.getProvider({ providerId: 'p1' }, options);

describe('retries', () => {
  it('defaults: 2 retries, 500 ms first backoff, 8 s cap, Retry-After honoured up to 60 s', () => {
    expect(RETRY_DEFAULTS).toEqual({ maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 });
  });

  it.each([408, 429, 500, 502, 503, 504])('retries a GET answered %i, then succeeds', async (status) => {
    server.script(GET_P1, reply(status, { message: 'try again' }), reply(200, PROVIDER));
    const data = await getP1();
    expect(data.id).toBe('p1');
    expect(server.count(GET_P1)).toBe(2);
  });

  it.each([400, 401, 403, 404, 422, 501])('does not retry a GET answered %i', async (status) => {
    server.script(GET_P1, reply(status, { message: 'no' }), reply(200, PROVIDER));
    const error = await leaks.rejection(getP1());
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status, attempts: 1 });
    expect((error as CareApiError).body).toEqual({ message: 'no' });
    expect(server.count(GET_P1)).toBe(1);
  });

  it('answers 503 N times then 200: N+1 attempts, and gives up after maxRetries', async () => {
    server.script(GET_P1, reply(503, { message: 'down' }), reply(503, { message: 'down' }), reply(200, PROVIDER));
    expect((await getP1()).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(3);

    server.clear();
    server.script(GET_P1, reply(503, { message: 'down' }));
    const error = await leaks.rejection(getP1());
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 503, attempts: 3, operationId: 'getProvider', vendor: 'stedi' });
    expect(server.count(GET_P1)).toBe(3);
  });

  it('honours maxRetries per client and per call', async () => {
    server.script(GET_P1, reply(503, { message: 'down' }));
    const none = createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, maxRetries: 0 });
    expect(await leaks.rejection(none.getProvider({ providerId: 'p1' }))).toMatchObject({ status: 503, attempts: 1 });
    expect(server.count(GET_P1)).toBe(1);

    server.clear();
    server.script(GET_P1, reply(503, { message: 'down' }));
    expect(await leaks.rejection(getP1({ maxRetries: 4 }))).toMatchObject({ status: 503, attempts: 5 });
    expect(server.count(GET_P1)).toBe(5);
  });

  it('retries connection resets on a GET', async () => {
    server.script(GET_P1, reset(), reset(), reply(200, PROVIDER));
    expect((await getP1()).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(3);

    server.clear();
    server.script(GET_P1, reset());
    const error = await leaks.rejection(getP1());
    expect(error).toBeInstanceOf(CareApiConnectionError);
    expect(error).toMatchObject({ context: { vendor: 'stedi', operationId: 'getProvider', method: 'GET', attempts: 3 } });
    expect(server.count(GET_P1)).toBe(3);
  });

  it('never retries a POST that is not marked idempotent: not on 503, 429 or a reset', async () => {
    const body = { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' as const };
    for (const fault of [reply(503, { message: 'down' }), reply(429, { message: 'slow down' }, { 'retry-after': '0' }), reset()]) {
      server.clear();
      server.script('POST /providers', fault, reply(200, PROVIDER));
      const outcome = await leaks.rejection(stedi.createProvider({ body }));
      if (fault.kind === 'reset') {
        expect(outcome).toBeInstanceOf(CareApiConnectionError);
        expect(outcome).toMatchObject({ context: { operationId: 'createProvider', attempts: 1 } });
      } else {
        expect(outcome).toBeInstanceOf(CareApiError);
        expect(outcome).toMatchObject({ operationId: 'createProvider', status: fault.kind === 'reply' ? fault.status : 0, attempts: 1 });
      }
      expect(server.count('POST /providers')).toBe(1);
    }
  });

  it('retries a POST marked idempotent, sending the same body on every attempt', async () => {
    const route = 'POST /providers/p1';
    server.script(route, reply(503, { message: 'down' }), reset(), reply(200, PROVIDER));
    const body = { name: 'Dr. Ünïcode – “quotes” & émoji 🦷', contacts: [{ firstName: 'Test', lastName: 'Tester', email: 'bob@fortdental.center', phone: '5551234567', streetAddress1: '123 Some Str', city: 'A City', state: 'WA' as const, zipCode: '12345' }] };
    const data = await stedi.updateProvider({ providerId: 'p1', body });
    expect(data.id).toBe('p1');
    const sent = server.on(route);
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(JSON.parse(request.body)).toEqual(body);
      expect(request.body).toBe(sent[0]?.body);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['content-length']).toBe(String(Buffer.byteLength(sent[0]?.body ?? '')));
    }
  });
});

describe('Retry-After', () => {
  const gap = (route: string): number => {
    const [first, second] = server.on(route);
    if (!first || !second) throw new Error('expected two attempts');
    return second.at - first.at;
  };

  it('waits the seconds a Retry-After header asks for', async () => {
    server.script(GET_P1, reply(429, { message: 'slow down' }, { 'retry-after': '1' }), reply(200, PROVIDER));
    expect((await getP1()).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(2);
    // The backoff alone would be at most 20 ms; the server asked for a second.
    expect(gap(GET_P1)).toBeGreaterThanOrEqual(900);
  });

  it('waits until the HTTP date a Retry-After header names', async () => {
    const date = new Date(Date.now() + 2000).toUTCString(); // whole seconds: 1 to 2 s from now
    server.script(GET_P1, reply(503, { message: 'maintenance' }, { 'retry-after': date }), reply(200, PROVIDER));
    expect((await getP1()).id).toBe('p1');
    expect(gap(GET_P1)).toBeGreaterThanOrEqual(900);
  });

  it('stops retrying when the hint is above the cap, and hands back the vendor answer at once', async () => {
    server.script(GET_P1, reply(429, { message: 'come back later', code: 'TOO_MANY_REQUESTS' }, { 'retry-after': '120' }), reply(200, PROVIDER));
    const started = performance.now();
    const error = await leaks.rejection(getP1());
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 429, kind: 'rateLimited', attempts: 1 });
    expect((error as CareApiError).headers['retry-after']).toBe('120');
    expect((error as CareApiError).body).toEqual({ message: 'come back later', code: 'TOO_MANY_REQUESTS' });
    expect(server.count(GET_P1)).toBe(1);
  });

  it('a lower maxRetryAfterMs lowers the cap', async () => {
    const strict = createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, retry: { ...FAST, maxRetryAfterMs: 500 } });
    server.script(GET_P1, reply(503, { message: 'down' }, { 'retry-after': '1' }), reply(200, PROVIDER));
    expect(await leaks.rejection(strict.getProvider({ providerId: 'p1' }))).toMatchObject({ status: 503, attempts: 1 });
    expect(server.count(GET_P1)).toBe(1);
  });

  describe("careCycle's 429 body hint (x-careapis-retry-after: retryAfter)", () => {
    const route = 'PATCH /v2/customers/c1/providers/p1';
    const carecycle = () => createCarecycleClient({ ...transportOptions(), apiKey: CARECYCLE_KEY, baseUrl: server.url, retry: FAST });
    const update = () => carecycle().updateCustomerProvider({ id: 'c1', providerId: 'p1', body: { specialty: 'Cardiology' } });

    it('waits the seconds of the body field `retryAfter`', async () => {
      server.script(route, reply(429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 1 }), reply(200, { id: 'p1' }));
      expect(await update()).toEqual({ id: 'p1' });
      expect(server.count(route)).toBe(2);
      expect(gap(route)).toBeGreaterThanOrEqual(900);
      expect(server.on(route).map((r) => r.body)).toEqual([JSON.stringify({ specialty: 'Cardiology' }), JSON.stringify({ specialty: 'Cardiology' })]);
    });

    it('a 429 whose body stalls while the hint is read ends in CareApiTimeoutError', async () => {
      server.script(route, stall(429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 1 }), reply(200, { id: 'p1' }));
      const client = createCarecycleClient({ ...transportOptions(), apiKey: CARECYCLE_KEY, baseUrl: server.url, retry: FAST, timeout: 300 });
      const error = await leaks.rejection(client.updateCustomerProvider({ id: 'c1', providerId: 'p1', body: { specialty: 'Cardiology' } }));
      expect(error).toBeInstanceOf(CareApiTimeoutError);
      expect(error).toMatchObject({ context: { operationId: 'updateCustomerProvider', attempts: 1 } });
      expect(server.count(route)).toBe(1);
    });

    it('a body hint above the cap stops retrying and the typed body still reaches the caller', async () => {
      server.script(route, reply(429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3600 }), reply(200, { id: 'p1' }));
      const error = await leaks.rejection(update());
      expect(error).toBeInstanceOf(CareApiError);
      expect(error).toMatchObject({ vendor: 'carecycle', operationId: 'updateCustomerProvider', status: 429, attempts: 1 });
      expect((error as CareApiError).body).toEqual({ message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3600 });
      expect(server.count(route)).toBe(1);
      server.clear();
      // The raw client's `{ data, error }` result carries the typed body too, and `unwrap` throws it.
      server.script(route, reply(429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3600 }));
      const raw = rawClient(carecycle());
      const patch = () => raw.PATCH('/v2/customers/{id}/providers/{providerId}', { params: { path: { id: 'c1', providerId: 'p1' } }, body: { specialty: 'Cardiology' } });
      const { error: body, response } = await patch();
      expect(response.status).toBe(429);
      expect(body).toEqual({ message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 3600 });
      const thrown = await leaks.rejection(unwrap(patch()));
      expect(thrown).toMatchObject({ vendor: 'carecycle', operationId: 'updateCustomerProvider', status: 429, body: { retryAfter: 3600 } });
      expect(server.count(route)).toBe(2);
    });
  });
});

describe('retry.shouldRetry', () => {
  const body = { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' as const };

  it('sees each failed attempt with the policy decision, and can retry what the policy would not (a 409 the vendor marks retryable)', async () => {
    const seen: RetryContext[] = [];
    const client = createStediClient({
      ...transportOptions(),
      apiKey: STEDI_KEY,
      baseUrl: server.url,
      retry: { ...FAST, shouldRetry: (attempt) => (seen.push(attempt), attempt.headers?.get('x-should-retry') === 'true' ? true : undefined) },
    });
    server.script(GET_P1, reply(409, { message: 'busy' }, { 'x-should-retry': 'true' }), reply(200, PROVIDER));
    expect((await client.getProvider({ providerId: 'p1' })).id).toBe('p1');
    expect(server.count(GET_P1)).toBe(2);
    // Consulted for the failed attempt only, not for the success.
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ operationId: 'getProvider', method: 'GET', attempt: 1, status: 409, error: undefined, decision: { retry: false, delayMs: 0, reason: 'answered' } });
  });

  it('false stops a retry the policy would make; the answer is the error the caller gets', async () => {
    const client = createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, retry: { ...FAST, shouldRetry: ({ status }) => (status === 503 ? false : undefined) } });
    server.script(GET_P1, reply(503, { message: 'down' }), reply(200, PROVIDER));
    const error = await leaks.rejection(client.getProvider({ providerId: 'p1' }));
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(server.count(GET_P1)).toBe(1);
  });

  it('may retry a POST the spec does not mark idempotent, within maxRetries, and sees connection failures with status 0', async () => {
    const seen: Pick<RetryContext, 'status' | 'attempt' | 'decision'>[] = [];
    const client = createStediClient({
      ...transportOptions(),
      apiKey: STEDI_KEY,
      baseUrl: server.url,
      maxRetries: 2,
      retry: { ...FAST, shouldRetry: ({ status, attempt, decision, error }) => (seen.push({ status, attempt, decision }), status === 0 ? error !== undefined : true) },
    });
    server.script('POST /providers', reset(), reply(503, { message: 'down' }), reply(503, { message: 'still down' }), reply(200, PROVIDER));
    const error = await leaks.rejection(client.createProvider({ body }));
    // Three attempts (maxRetries 2): the hook is not asked after the last one.
    expect(error).toMatchObject({ status: 503, attempts: 3 });
    expect(server.count('POST /providers')).toBe(3);
    expect(seen).toEqual([
      { status: 0, attempt: 1, decision: { retry: false, delayMs: 0, reason: 'not repeatable' } },
      { status: 503, attempt: 2, decision: { retry: false, delayMs: 0, reason: 'not repeatable' } },
    ]);
  });

  it('a hook that throws ends the call with its error, and nothing more is sent', async () => {
    const oops = new Error('hook bug');
    const client = createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, retry: { ...FAST, shouldRetry: () => { throw oops; } } });
    server.script(GET_P1, reply(503, { message: 'down' }), reply(200, PROVIDER));
    await expect(client.getProvider({ providerId: 'p1' })).rejects.toBe(oops);
    expect(server.count(GET_P1)).toBe(1);
  });

  it('a shouldRetry that is not a function is refused at creation', () => {
    const shouldRetry = 'yes' as unknown as () => boolean;
    expect(() => createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: { shouldRetry } })).toThrow(/option `retry.shouldRetry` must be a function/);
    expect(server.count()).toBe(0);
  });
});
