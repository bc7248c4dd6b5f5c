/** User middleware, the raw openapi-fetch client (`rawClient(client)`, opt-in) and a custom `fetch`, all with the runtime's policies still applied. */
import { describe, expect, it } from 'vitest';
import { CareApiConfigError, CareApiError, createStediClient, rawClient, unwrap } from '@careapis/stedi';
import { createCandidClient, listAllContracts } from '@careapis/candid';
import type { FetchLike } from '@careapis/core';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { useLeakCheck } from './secret-leaks.js';

const STEDI_KEY = 'stedi-key-middleware-7d3b2a';
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const PROVIDER = { id: 'p1', name: 'BDQ Dental Inc' };
const UPDATE = 'POST /providers/p1';
const body = { name: 'Renamed Dental Inc' };

const leaks = useLeakCheck({ STEDI_KEY });
const server = useLoopbackServer();
const stedi = (options: { fetch?: FetchLike } = {}) => createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, ...options });

describe('middleware', () => {
  it("options.fetch sends a Request through the client's transport (retries, timeouts), as openapi-fetch's sends it through fetch", async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const client = stedi();
    rawClient(client).use({
      async onRequest({ request, options }) {
        // A middleware that serves the call from a cache warmed by another request through the same client.
        if (request.method !== 'POST') return undefined;
        const warm = await options.fetch(new Request(request.url, { method: 'GET', headers: request.headers }));
        return new Response(JSON.stringify({ ...(await warm.json()), warmed: true }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    expect(await client.updateProvider({ providerId: 'p1', body })).toEqual({ ...PROVIDER, warmed: true });
    const sent = server.on('GET /providers/p1');
    expect(sent.map((r) => r.headers.authorization)).toEqual([STEDI_KEY, STEDI_KEY]);
    expect(server.count(UPDATE)).toBe(0);
  });

  it('a middleware that sets a header: sent on every attempt, auth and retries intact', async () => {
    server.script(UPDATE, reply(503, { message: 'down' }), reply(200, PROVIDER));
    const client = stedi();
    rawClient(client).use({
      onRequest({ request }) {
        request.headers.set('x-trace-id', 'trace-1');
      },
    });
    expect(await client.updateProvider({ providerId: 'p1', body })).toEqual(PROVIDER);
    const sent = server.on(UPDATE);
    expect(sent.map((r) => r.headers['x-trace-id'])).toEqual(['trace-1', 'trace-1']);
    expect(sent.map((r) => r.headers.authorization)).toEqual([STEDI_KEY, STEDI_KEY]);
    expect(sent.map((r) => r.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
  });

  it('a middleware that returns a new Request: its body and headers are sent on every attempt, errors keep the operation', async () => {
    server.script(UPDATE, reply(502, { message: 'bad gateway' }), reply(503, { message: 'down' }), reply(500, { message: 'still down' }));
    const client = stedi();
    rawClient(client).use({
      async onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set('x-signed', 'yes');
        const signed = JSON.stringify({ ...(JSON.parse(await request.text()) as object), signature: 'abc' });
        return new Request(request.url, { method: request.method, headers, body: signed });
      },
    });
    const error = await leaks.rejection(client.updateProvider({ providerId: 'p1', body }));
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ vendor: 'stedi', operationId: 'updateProvider', status: 500, attempts: 3, body: { message: 'still down' } });
    const sent = server.on(UPDATE);
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      expect(request.headers['x-signed']).toBe('yes');
      expect(request.headers.authorization).toBe(STEDI_KEY);
      expect(JSON.parse(request.body)).toEqual({ ...body, signature: 'abc' });
    }
  });

  it('onResponse sees the final answer once, after the retries', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const client = stedi();
    const seen: number[] = [];
    rawClient(client).use({
      onResponse({ response }) {
        seen.push(response.status);
      },
    });
    expect(await client.getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    expect(seen).toEqual([200]);
  });

  it('a typed call with flat arguments hands middleware the operation\'s schema path and its parameters by location', async () => {
    server.script('GET /providers', reply(200, { items: [] }));
    const client = stedi();
    const seen: { schemaPath: string; params: unknown }[] = [];
    rawClient(client).use({ onRequest: ({ schemaPath, params }) => void seen.push({ schemaPath, params }) });
    await client.listProviders({ pageSize: 5, providerNpis: ['1999999992'] });
    expect(seen).toEqual([{ schemaPath: '/providers', params: expect.objectContaining({ query: { pageSize: 5, providerNpis: ['1999999992'] } }) }]);
  });

  it('an ejected middleware no longer runs', async () => {
    server.script('GET /providers/p1', reply(200, PROVIDER));
    const client = stedi();
    const middleware = { onRequest: ({ request }: { request: Request }) => void request.headers.set('x-ejected', 'no') };
    rawClient(client).use(middleware);
    rawClient(client).eject(middleware);
    await client.getProvider({ providerId: 'p1' });
    expect(server.count('GET /providers/p1')).toBe(1);
    expect(server.on('GET /providers/p1')[0]?.headers['x-ejected']).toBeUndefined();
  });
});

describe('the raw client', () => {
  it('calls by path get the policies, the operation id and its idempotency', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(404, { message: 'gone' }));
    const client = stedi();
    const error = await leaks.rejection(unwrap(rawClient(client).GET('/providers/{providerId}', { params: { path: { providerId: 'p1' } } })));
    expect(error).toMatchObject({ operationId: 'getProvider', status: 404, attempts: 2 });

    server.script(UPDATE, reply(503, { message: 'down' }), reply(200, PROVIDER));
    const { data } = await rawClient(client).POST('/providers/{providerId}', { params: { path: { providerId: 'p1' } }, body });
    expect(data).toEqual(PROVIDER);
    expect(server.count(UPDATE)).toBe(2); // updateProvider is marked idempotent

    server.script('POST /providers', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const created = await rawClient(client).POST('/providers', { body: { name: 'X', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' } });
    expect(created.response.status).toBe(503);
    expect(server.count('POST /providers')).toBe(1); // createProvider is not
  });
});

describe('rawClient()', () => {
  it('returns one raw client per client; a paged client (its methods object extended) works too', async () => {
    const client = stedi();
    expect(rawClient(client)).toBe(rawClient(client));
    expect(rawClient(stedi())).not.toBe(rawClient(client));

    server.script('GET /api/contracts/v2', reply(200, { items: [{ contract_id: 'c1' }] }));
    const candid = createCandidClient({ baseUrl: server.url, token: 'candid-token-raw' });
    rawClient(candid).use({ onRequest: ({ request }) => void request.headers.set('x-from', 'middleware') });
    const items = [];
    for await (const item of listAllContracts(candid)) items.push(item);
    expect(items).toEqual([{ contract_id: 'c1' }]);
    expect(server.on('GET /api/contracts/v2')[0]?.headers['x-from']).toBe('middleware');
  });

  it('refuses anything but a careapis client', () => {
    expect(() => rawClient({})).toThrow(CareApiConfigError);
    expect(() => rawClient({ ...stedi() })).toThrow(/takes a client made by a careapis create…Client\(\) function/);
  });

  it('per-call middleware on a typed method is a config error, sent nowhere; on a raw call, it runs for that call only', async () => {
    server.script('GET /providers/p1', reply(200, PROVIDER));
    const client = stedi();
    const middleware = [{ onRequest: ({ request }: { request: Request }) => void request.headers.set('x-call', 'one') }];
    // Per-call middleware is a raw-client option only; a JavaScript caller who passes it to a typed method is told so.
    const refused = await client.getProvider({ providerId: 'p1' }, { middleware } as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CareApiConfigError);
    expect(String(refused)).toContain('getProvider: unknown per-call option `middleware`');
    expect(server.count()).toBe(0);

    const raw = rawClient(client);
    expect(await unwrap(raw.GET('/providers/{providerId}', { params: { path: { providerId: 'p1' } }, middleware }))).toEqual(PROVIDER);
    expect((await raw.GET('/providers/{providerId}', { params: { path: { providerId: 'p1' } } })).data).toEqual(PROVIDER);
    expect(await client.getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    expect(server.on('GET /providers/p1').map((r) => r.headers['x-call'])).toEqual(['one', undefined, undefined]);
  });
});

describe('custom fetch', () => {
  it('every attempt goes through the `fetch` option', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const calls: string[] = [];
    const tracing: FetchLike = (input, init) => {
      calls.push(`${init.method ?? 'GET'} ${input}`);
      const headers = new Headers(init.headers);
      headers.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
      return fetch(input, { ...init, headers });
    };
    expect(await stedi({ fetch: tracing }).getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    expect(calls).toEqual([`GET ${server.url}/providers/p1`, `GET ${server.url}/providers/p1`]);
    expect(server.on('GET /providers/p1').map((r) => r.headers.traceparent)).toEqual(Array(2).fill('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'));
  });

  it('an error thrown by the custom fetch is a connection failure, retried on a GET', async () => {
    server.script('GET /providers/p1', reply(200, PROVIDER));
    let n = 0;
    const flaky: FetchLike = (input, init) => (++n === 1 ? Promise.reject(new TypeError('proxy unreachable')) : fetch(input, init));
    expect(await stedi({ fetch: flaky }).getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    expect(n).toBe(2);
    expect(server.count('GET /providers/p1')).toBe(1);
  });
});
