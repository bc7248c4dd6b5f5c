/**
 * TYPED METHODS — the issue 16 cases that name typed methods (path traversal, redirects), through
 * the generated clients' typed methods rather than `rawClient`.
 *
 * This file uses today's call shape (`{ params: { path } }`, resolving to `{ data, error, response }`).
 * It is the one file to port to the flat-argument shape of issue 17 (`client.getProvider({ providerId })`,
 * rejecting on HTTP errors): only the calls and the way a 3xx answer is read change; what is
 * asserted (nothing sent, nothing reaches another origin) stays.
 */
import { describe, expect, it } from 'vitest';
import { createCarecycleClient } from '@careapis/carecycle';
import { CareApiConfigError } from '@careapis/core';
import { createStediClient } from '@careapis/stedi';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { CARECYCLE_KEY, STEDI_KEY } from './hostile-vendors.js';
import { useLeakCheck } from './secret-leaks.js';

const leaks = useLeakCheck({ CARECYCLE_KEY, STEDI_KEY });
const server = useLoopbackServer();
const elsewhere = useLoopbackServer();
const carecycle = () => createCarecycleClient({ apiKey: CARECYCLE_KEY, baseUrl: server.url, maxRetries: 0 });
const stedi = () => createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, maxRetries: 0 });

describe('typed methods: path parameters', () => {
  it("careCycle deleteCustomerProvider with id '..' is refused; DELETE /v2/providers/p1 is never sent", async () => {
    server.script('DELETE /v2/providers/p1', reply(200, { success: true }));
    const error = await leaks.rejection(carecycle().deleteCustomerProvider({ params: { path: { id: '..', providerId: 'p1' } } }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('`id`');
    expect(server.count()).toBe(0);
  });

  it.each([['.'], [''], [undefined], [null]])('stedi getProvider with providerId %j is refused before anything is sent', async (providerId) => {
    const error = await leaks.rejection(stedi().getProvider({ params: { path: { providerId: providerId as string } } }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('`providerId`');
    expect(server.count()).toBe(0);
  });

  it('values that only look like traversal are sent encoded, as one segment', async () => {
    server.script('GET /providers/..%2Fadmin', reply(200, { id: 'x' }));
    server.script('GET /providers/...', reply(200, { id: 'y' }));
    expect((await stedi().getProvider({ params: { path: { providerId: '../admin' } } })).data).toEqual({ id: 'x' });
    expect((await stedi().getProvider({ params: { path: { providerId: '...' } } })).data).toEqual({ id: 'y' });
  });
});

describe('typed methods: redirects', () => {
  it("careCycle: a 307 to another origin does not carry x-api-key there (nor re-send the DELETE)", async () => {
    server.script('DELETE /v2/customers/c1/providers/p1', reply(307, undefined, { location: `${elsewhere.url}/v2/customers/c1/providers/p1` }));
    const { response } = await carecycle().deleteCustomerProvider({ params: { path: { id: 'c1', providerId: 'p1' } } });
    expect(response.status).toBe(307);
    expect(elsewhere.count()).toBe(0);
  });

  it('stedi: a 302 to another origin is not followed; a same-origin one is', async () => {
    server.script('GET /providers/p1', reply(302, undefined, { location: `${elsewhere.url}/providers/p1` }));
    expect((await stedi().getProvider({ params: { path: { providerId: 'p1' } } })).response.status).toBe(302);
    expect(elsewhere.count()).toBe(0);
    server.script('GET /providers/p1', reply(302, undefined, { location: '/providers/p2' }));
    server.script('GET /providers/p2', reply(200, { id: 'p2' }));
    expect((await stedi().getProvider({ params: { path: { providerId: 'p1' } } })).data).toEqual({ id: 'p2' });
    expect(server.on('GET /providers/p2')[0]?.headers.authorization).toBe(STEDI_KEY);
  });
});
