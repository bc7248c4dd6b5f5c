/**
 * The call surface (issue 17) against a loopback server: flat vendor-named arguments sorted into
 * path, query, header and body; one rejected promise for every kind of failure; `.withResponse()`;
 * the single-operation form; and a JavaScript caller's wrong argument shapes refused before
 * anything is sent.
 */
import { describe, expect, it } from 'vitest';
import {
  CareApiAbortError,
  CareApiAuthError,
  CareApiConfigError,
  CareApiConnectionError,
  CareApiError,
  CareApiParseError,
  CareApiPromise,
  CareApiTimeoutError,
  createStediBase,
  createStediClient,
  getProvider,
  listProviders,
  type StediClient,
} from '@careapis/stedi';
import { createCandidClient, getContract } from '@careapis/candid';
import { createCarecycleClient } from '@careapis/carecycle';
import { hang, reply, reset, startLoopbackServer, useLoopbackServer } from '../support/loopback-server.js';
import { useLeakCheck } from './secret-leaks.js';

const KEY = 'stedi-key-surface-5e21';
const CC_KEY = 'cc_surface_key_77d0';
const leaks = useLeakCheck({ KEY, CC_KEY });
const server = useLoopbackServer();
const fast = { retry: { initialDelayMs: 1, maxDelayMs: 2 } };
const stedi = (options: { timeout?: number; maxRetries?: number } = {}): StediClient => createStediClient({ apiKey: KEY, baseUrl: server.url, ...fast, ...options });

describe('flat arguments', () => {
  it('sends path parameters into the path, query parameters (arrays repeated) into the query', async () => {
    server.script('GET /providers', reply(200, { items: [] }));
    server.script('GET /providers/p%2F1', reply(200, { id: 'p/1', npi: '1999999992', name: 'X' }));
    expect(await stedi().getProvider({ providerId: 'p/1' })).toMatchObject({ id: 'p/1' });
    await stedi().listProviders({ pageSize: 2, providerNpis: ['1999999992', '1234567893'], filter: 'OS' });
    expect(server.on('GET /providers')[0]?.url).toBe('/providers?pageSize=2&providerNpis=1999999992&providerNpis=1234567893&filter=OS');
  });

  it('sends header parameters as headers and the body as JSON', async () => {
    server.script('PATCH /v2/customers/c1/providers/p1', reply(200, { id: 'p1' }));
    const carecycle = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url });
    await carecycle.updateCustomerProvider({ id: 'c1', providerId: 'p1', body: { isPrimaryProvider: true } });
    const [request] = server.on('PATCH /v2/customers/c1/providers/p1');
    expect(request?.headers['x-api-key']).toBe(CC_KEY);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ isPrimaryProvider: true });
  });

  it('an operation with nothing required takes no argument', async () => {
    server.script('GET /providers', reply(200, { items: [{ id: 'a' }] }));
    expect(await stedi().listProviders()).toEqual({ items: [{ id: 'a' }] });
    expect(server.on('GET /providers')[0]?.url).toBe('/providers');
  });

  it('per-call options come second: headers, timeout and maxRetries apply to this call only', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, { id: 'p1' }));
    const error = await leaks.rejection(stedi().getProvider({ providerId: 'p1' }, { maxRetries: 0, headers: { 'x-trace': 't-1' } }));
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(server.on('GET /providers/p1')[0]?.headers['x-trace']).toBe('t-1');
  });
});

describe('one error channel: every failure rejects the same promise', () => {
  it('an HTTP error status: CareApiError with status, kind, vendor message, request id, headers and body', async () => {
    server.script('GET /providers/p1', reply(404, { message: 'Provider not found', code: 'NOT_FOUND' }, { 'x-amzn-requestid': 'req-1' }));
    const error = await leaks.rejection(stedi().getProvider({ providerId: 'p1' }));
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 404, kind: 'notFound', vendorMessage: 'Provider not found', requestId: 'req-1', body: { code: 'NOT_FOUND' } });
    expect((error as CareApiError).headers['x-amzn-requestid']).toBe('req-1');
  });

  it.each([
    [400, 'badRequest'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [409, 'conflict'],
    [422, 'unprocessable'],
    [429, 'rateLimited'],
    [500, 'server'],
    [418, 'other'],
  ] as const)('HTTP %i has kind %s', async (status, kind) => {
    server.script('GET /providers/p1', reply(status, { message: 'no' }));
    expect(await leaks.rejection(stedi({ maxRetries: 0 }).getProvider({ providerId: 'p1' }))).toMatchObject({ status, kind });
  });

  it('a refused connection: CareApiConnectionError', async () => {
    const closed = await startLoopbackServer();
    const url = closed.url;
    await closed.close();
    const client = createStediClient({ apiKey: KEY, baseUrl: url, maxRetries: 0 });
    expect(await leaks.rejection(client.getProvider({ providerId: 'p1' }))).toBeInstanceOf(CareApiConnectionError);
  });

  it('a reset: CareApiConnectionError; a hang: CareApiTimeoutError; the caller aborting: CareApiAbortError', async () => {
    server.script('GET /providers/reset', reset());
    server.script('GET /providers/hang', hang());
    const client = stedi({ maxRetries: 0, timeout: 200 });
    expect(await leaks.rejection(client.getProvider({ providerId: 'reset' }))).toBeInstanceOf(CareApiConnectionError);
    expect(await leaks.rejection(client.getProvider({ providerId: 'hang' }))).toBeInstanceOf(CareApiTimeoutError);
    const controller = new AbortController();
    const call = client.getProvider({ providerId: 'hang' }, { signal: controller.signal, timeout: 5_000 });
    setTimeout(() => controller.abort(), 50);
    expect(await leaks.rejection(call)).toBeInstanceOf(CareApiAbortError);
  });

  it('a success body that is not JSON: CareApiParseError', async () => {
    server.script('GET /providers/p1', reply(200, '<html>maintenance</html>', { 'content-type': 'text/html' }));
    expect(await leaks.rejection(stedi().getProvider({ providerId: 'p1' }))).toBeInstanceOf(CareApiParseError);
  });

  it('a token that cannot be minted: CareApiAuthError', async () => {
    server.script('POST /api/auth/v2/token', reply(401, { errorName: 'InvalidCredentials' }));
    const candid = createCandidClient({ clientId: 'id', clientSecret: 'candid-secret-surface', baseUrl: server.url, maxRetries: 0 });
    expect(await leaks.rejection(candid.getContract({ contract_id: 'c1' }))).toBeInstanceOf(CareApiAuthError);
    expect(server.count('GET /api/contracts/v2/c1')).toBe(0);
  });
});

describe('.withResponse()', () => {
  it('gives the body with the response, its headers and the request id, from one request', async () => {
    server.script('GET /providers/p1', reply(200, { id: 'p1' }, { 'x-amzn-requestid': 'rid-9', 'x-extra': 'e' }));
    const call = stedi().getProvider({ providerId: 'p1' });
    expect(call).toBeInstanceOf(CareApiPromise);
    const { data, response, requestId } = await call.withResponse();
    expect(data).toEqual({ id: 'p1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-extra')).toBe('e');
    expect(requestId).toBe('rid-9');
    // Awaiting the call too does not send it again.
    expect(await call).toEqual({ id: 'p1' });
    expect(server.count('GET /providers/p1')).toBe(1);
  });

  it('rejects with the same CareApiError, and a caller of withResponse() alone leaves no unhandled rejection', async () => {
    server.script('GET /providers/p1', reply(404, { message: 'gone' }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(await leaks.rejection(stedi().getProvider({ providerId: 'p1' }).withResponse())).toMatchObject({ status: 404 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('the single-operation form', () => {
  it('calls one operation with a methodless client, and accepts the full client too', async () => {
    server.script('GET /providers/p1', reply(200, { id: 'p1' }));
    server.script('GET /providers', reply(200, { items: [] }));
    const base = createStediBase({ apiKey: KEY, baseUrl: server.url });
    expect(Object.keys(base)).toEqual([]);
    expect(await getProvider(base, { providerId: 'p1' })).toEqual({ id: 'p1' });
    expect(await listProviders(stedi(), { pageSize: 1 })).toEqual({ items: [] });
    expect(server.on('GET /providers/p1')[0]?.headers.authorization).toBe(KEY);
  });

  it('refuses something that is not a careapis client', async () => {
    const error = await leaks.rejection(getContract({} as never, { contract_id: 'c1' }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('getContract');
  });
});

describe('a JavaScript caller with a wrong argument shape gets a CareApiConfigError naming the operation and the key, and nothing is sent', () => {
  const untyped = (): Record<string, (args?: unknown, options?: unknown) => Promise<unknown>> => stedi() as unknown as Record<string, (args?: unknown, options?: unknown) => Promise<unknown>>;

  it.each([
    ['a missing path parameter', {}, 'getProvider: missing path parameter `providerId`'],
    ['a null path parameter', { providerId: null }, 'getProvider: missing path parameter `providerId`'],
    ['an unknown key', { providerId: 'p1', providerID: 'p1' }, 'getProvider: unknown argument `providerID`'],
    ['the old `params` shape', { params: { path: { providerId: 'p1' } } }, 'getProvider: pass parameters at the top level'],
    ['a string instead of an object', 'p1', 'getProvider: the arguments must be one object'],
  ])('%s', async (_what, args, message) => {
    const error = await leaks.rejection(untyped().getProvider!(args));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain(message);
    expect(server.requests).toHaveLength(0);
  });

  it('an unknown per-call option', async () => {
    const error = await leaks.rejection(untyped().listProviders!({}, { tiemout: 5000 }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('listProviders: unknown per-call option `tiemout`');
    expect(server.requests).toHaveLength(0);
  });
});
