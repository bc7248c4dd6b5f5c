/**
 * TYPED METHODS — the issue 16 cases that name typed methods (path traversal, redirects), through
 * the generated clients' typed methods (flat arguments) rather than `rawClient`. A 3xx answer the
 * client does not follow rejects as a `CareApiError` with that status.
 */
import { describe, expect, it } from 'vitest';
import { createCarecycleClient } from '@careapis/carecycle';
import { CareApiConfigError, CareApiError } from '@careapis/core';
import { createStediClient } from '@careapis/stedi';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';
import { CARECYCLE_KEY, STEDI_KEY } from './hostile-vendors.js';
import { useLeakCheck } from './secret-leaks.js';

const leaks = useLeakCheck({ CARECYCLE_KEY, STEDI_KEY });
const server = useLoopbackServer();
const elsewhere = useLoopbackServer();
const carecycle = () => createCarecycleClient({ ...transportOptions(), apiKey: CARECYCLE_KEY, baseUrl: server.url, maxRetries: 0 });
const stedi = () => createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, maxRetries: 0 });

describe('typed methods: path parameters', () => {
  it("careCycle deleteCustomerProvider with id '..' is refused; DELETE /v2/providers/p1 is never sent", async () => {
    server.script('DELETE /v2/providers/p1', reply(200, { success: true }));
    const error = await leaks.rejection(carecycle().deleteCustomerProvider({ id: '..', providerId: 'p1' }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('`id`');
    expect(server.count()).toBe(0);
  });

  it.each([['.'], [''], [undefined], [null]])('stedi getProvider with providerId %j is refused before anything is sent', async (providerId) => {
    const error = await leaks.rejection(stedi().getProvider({ providerId: providerId as string }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('`providerId`');
    expect(server.count()).toBe(0);
  });

  it('values that only look like traversal are sent encoded, as one segment', async () => {
    server.script('GET /providers/..%2Fadmin', reply(200, { id: 'x' }));
    server.script('GET /providers/...', reply(200, { id: 'y' }));
    expect(await stedi().getProvider({ providerId: '../admin' })).toEqual({ id: 'x' });
    expect(await stedi().getProvider({ providerId: '...' })).toEqual({ id: 'y' });
  });
});

describe('typed methods: redirects', () => {
  it("careCycle: a 307 to another origin does not carry x-api-key there (nor re-send the DELETE)", async () => {
    server.script('DELETE /v2/customers/c1/providers/p1', reply(307, undefined, { location: `${elsewhere.url}/v2/customers/c1/providers/p1` }));
    const error = await leaks.rejection(carecycle().deleteCustomerProvider({ id: 'c1', providerId: 'p1' }));
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 307 });
    expect(elsewhere.count()).toBe(0);
  });

  it('stedi: a 302 to another origin is not followed; a same-origin one is', async () => {
    server.script('GET /providers/p1', reply(302, undefined, { location: `${elsewhere.url}/providers/p1` }));
    expect(await leaks.rejection(stedi().getProvider({ providerId: 'p1' }))).toMatchObject({ status: 302 });
    expect(elsewhere.count()).toBe(0);
    server.script('GET /providers/p1', reply(302, undefined, { location: '/providers/p2' }));
    server.script('GET /providers/p2', reply(200, { id: 'p2' }));
    expect(await stedi().getProvider({ providerId: 'p1' })).toEqual({ id: 'p2' });
    expect(server.on('GET /providers/p2')[0]?.headers.authorization).toBe(STEDI_KEY);
  });
});
