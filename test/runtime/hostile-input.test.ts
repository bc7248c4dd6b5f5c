/**
 * Bad input and misbehaving servers, case by case (issue 16): credentials with CR/LF, userinfo in
 * a base URL, timeouts Node cannot arm, wrong option types, a logger that throws, a token endpoint
 * that hangs or resets, a body cut off by a reset, a careCycle body hint below zero, secrets echoed
 * into free text and returned tokens in log lines. Every error and log line goes through the
 * secret-leak check. Calls go through `rawClient(client)` or the runtime itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCandidClient } from '@careapis/candid';
import { createCarecycleClient } from '@careapis/carecycle';
import { createCertifyosClient } from '@careapis/certifyos';
import {
  CareApiAbortError,
  CareApiAuthError,
  CareApiConfigError,
  CareApiConnectionError,
  CareApiTimeoutError,
  debugLogger,
  rawClient,
  REDACTED,
  type VendorClient,
} from '@careapis/core';
import { createStediClient } from '@careapis/stedi';
import { createTelehealthClient } from '@careapis/telehealth';
import { hang, reply, reset, slow, useLoopbackServer } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';
import { CARECYCLE_KEY, CLIENT_SECRET, MINTED, STEDI_KEY, TELEHEALTH_TOKEN, type LooseRaw } from './hostile-vendors.js';
import { renderings, useLeakCheck } from './secret-leaks.js';

const PASSWORD = 'Hunter2-hostile-pw';
const USER_TOKEN = 'portal-user-token-hostile-0f0f';
const USERINFO = 'userinfo-pass-hostile-6e6e';
const leaks = useLeakCheck({ STEDI_KEY, CARECYCLE_KEY, CLIENT_SECRET, MINTED, TELEHEALTH_TOKEN, PASSWORD, USER_TOKEN, USERINFO });
const server = useLoopbackServer();
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const GET_P1 = 'GET /providers/p1';
const CANDID_TOKEN = 'POST /api/auth/v2/token';
const CONTRACT = 'GET /api/contracts/v2/c1';

const raw = (client: VendorClient<{}>): LooseRaw => rawClient(client) as unknown as LooseRaw;
const stedi = (options: Record<string, unknown> = {}) => createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, ...options } as never);
const getP1 = (options: Record<string, unknown> = {}, init: Record<string, unknown> = {}) => raw(stedi(options)).request('GET', '/providers/{providerId}', { params: { path: { providerId: 'p1' } }, ...init });
const candid = (options: Record<string, unknown> = {}) => createCandidClient({ ...transportOptions(), clientId: 'candid-id', clientSecret: CLIENT_SECRET, baseUrl: server.url, retry: FAST, ...options } as never);
const getC1 = (client: VendorClient<{}>, init: Record<string, unknown> = {}) => raw(client).request('GET', '/api/contracts/v2/{contract_id}', { params: { path: { contract_id: 'c1' } }, ...init });

/** What `make` throws (it must throw), recorded by the leak check. */
function thrown(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return leaks.record(error);
  }
  throw new Error('expected a throw');
}

describe('credentials and header values with CR, LF or NUL', () => {
  it.each([
    ['an API key', () => stedi({ apiKey: `${STEDI_KEY}\r\nx-injected: 1` }), 'authorization'],
    ['a careCycle key', () => createCarecycleClient({ ...transportOptions(), apiKey: `${CARECYCLE_KEY}\nx-injected: 1`, baseUrl: server.url }), 'x-api-key'],
    ['a static token', () => createTelehealthClient({ ...transportOptions(), token: `${TELEHEALTH_TOKEN}\0`, baseUrl: server.url }), 'authorization'],
    ['a client header option', () => createCertifyosClient({ ...transportOptions(), clientId: 'id', clientSecret: CLIENT_SECRET, organizationId: 'org\r\nx: 1', baseUrl: server.url }), 'organization-id'],
    ['a `headers` option', () => stedi({ headers: { 'x-internal': `${STEDI_KEY}\n` } }), 'x-internal'],
  ])('%s is refused at creation, naming the header, not showing the value', (_what, make, header) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain(`\`${header}\``);
    expect((error as Error).message).not.toMatch(/injected|org\r/);
  });

  it('a token function that returns a line break: refused before sending, once, not retried', async () => {
    const client = createTelehealthClient({ ...transportOptions(), token: () => `${TELEHEALTH_TOKEN}\r\nx-injected: 1`, baseUrl: server.url, retry: FAST });
    const error = await leaks.rejection(raw(client).request('POST', '/sso/token', { body: { username: 'a@example.com', password: PASSWORD } }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('`authorization`');
    expect(server.count()).toBe(0);
  });

  it('with middleware in use, a per-call header with a line break is refused the same way, never quoted', async () => {
    const client = stedi();
    rawClient(client).use({ onRequest: () => undefined });
    const error = await leaks.rejection(raw(client).request('GET', '/providers/{providerId}', { params: { path: { providerId: 'p1' } }, headers: { 'x-internal': `${STEDI_KEY}\r\nx-injected: 1` } }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain('`x-internal`');
    expect(server.count()).toBe(0);
  });

  it('a minted token with a line break is a CareApiAuthError, and the API is not called', async () => {
    server.script(CANDID_TOKEN, reply(200, { access_token: `${MINTED}\r\nx-injected: 1`, expires_in: 3600 }));
    const error = await leaks.rejection(getC1(candid()));
    expect(error).toBeInstanceOf(CareApiAuthError);
    expect((error as Error).message).toContain('access_token');
    expect(server.count(CONTRACT)).toBe(0);
  });
});

describe('redirects within the origin', () => {
  it('a loop stops after 5 hops: the sixth 3xx is the answer, not a retried connection error', async () => {
    server.script(GET_P1, reply(302, undefined, { location: '/providers/p1' }));
    const { response } = await getP1();
    expect(response.status).toBe(302);
    expect(server.count(GET_P1)).toBe(6);
  });

  it('a 303, and a 302 answering a POST, are returned, not turned into a GET', async () => {
    server.script('POST /providers', reply(302, undefined, { location: '/providers/p1' }));
    server.script('GET /providers/p2', reply(303, undefined, { location: '/providers/p1' }));
    server.script(GET_P1, reply(200, { id: 'p1' }));
    const stediRaw = raw(stedi());
    expect((await stediRaw.request('POST', '/providers', { body: { name: 'X' } })).response.status).toBe(302);
    expect((await stediRaw.request('GET', '/providers/{providerId}', { params: { path: { providerId: 'p2' } } })).response.status).toBe(303);
    expect(server.count(GET_P1)).toBe(0);
  });

  it("redirect: 'manual' in a call returns even a same-origin 3xx as it is", async () => {
    server.script(GET_P1, reply(307, undefined, { location: '/providers/p2' }));
    const { response } = await getP1({}, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(server.count('GET /providers/p2')).toBe(0);
  });
});

describe('userinfo in a base URL', () => {
  it('is refused at creation without echoing it', () => {
    const error = thrown(() => stedi({ baseUrl: server.url.replace('//', `//svc:${USERINFO}@`) }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toMatch(/baseUrl/);
    expect(thrown(() => stedi({ baseUrl: server.url.replace('//', `//${USERINFO}@`) }))).toBeInstanceOf(CareApiConfigError);
  });

  it('is refused in a per-call baseUrl, before anything is sent', async () => {
    const error = await leaks.rejection(getP1({}, { baseUrl: server.url.replace('//', `//svc:${USERINFO}@`) }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect(server.count()).toBe(0);
  });
});

describe('options Node or the runtime cannot honour', () => {
  it('a timeout above 2^31-1 ms is refused at creation and per call', async () => {
    expect(thrown(() => stedi({ timeout: 2 ** 31 }))).toBeInstanceOf(CareApiConfigError);
    expect(thrown(() => stedi({ timeout: 1e12 }))).toBeInstanceOf(CareApiConfigError);
    expect(await leaks.rejection(getP1({}, { timeout: 2 ** 31 }))).toBeInstanceOf(CareApiConfigError);
    expect(server.count()).toBe(0);
  });

  it('the longest timeout allowed does not fire at once', async () => {
    server.script(GET_P1, slow(100, 200, { id: 'p1' }));
    expect((await getP1({ timeout: 2 ** 31 - 1 })).response.status).toBe(200);
    expect((await getP1({}, { timeout: 2 ** 31 - 1 })).response.status).toBe(200);
  });

  it.each([
    ['fetch: "x"', { fetch: 'x' }, /fetch/],
    ['retry: "fast"', { retry: 'fast' }, /retry/],
    ['retry.maxRetries: "3"', { retry: { maxRetries: '3' } }, /`maxRetries`/],
    ['retry.initialDelayMs: -1', { retry: { initialDelayMs: -1 } }, /`retry`/],
    ['retry.maxDelayMs: NaN', { retry: { maxDelayMs: Number.NaN } }, /`retry`/],
    ['retry.maxRetryAfterMs: "60s"', { retry: { maxRetryAfterMs: '60s' } }, /`retry`/],
    ['retry.maxDelayMs above 2^31-1', { retry: { maxDelayMs: 2 ** 31 } }, /`retry`/],
    ['logger: console', { logger: console }, /`logger` must be a function such as debugLogger\(console\)/],
  ])('%s is refused at creation', (_what, options, pattern) => {
    const error = thrown(() => stedi(options));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toMatch(pattern);
  });
});

describe('a logger that throws', () => {
  it.each([
    ['synchronously', () => {
      throw new Error('logger down');
    }],
    ['asynchronously', () => Promise.reject(new Error('logger down'))],
  ])('%s does not fail a call that succeeded', async (_how, logger) => {
    server.script(GET_P1, reply(503, { message: 'busy' }), reply(200, { id: 'p1' }));
    const { data } = await getP1({ logger });
    expect(data).toEqual({ id: 'p1' });
    expect(server.count(GET_P1)).toBe(2);
  });
});

describe('a body cut off by a reset', () => {
  let cutting: Server;
  let url = '';
  beforeAll(async () => {
    cutting = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4000' });
      res.write('{"id":"p1","name":"');
      setTimeout(() => req.socket.resetAndDestroy(), 20);
    });
    await new Promise<void>((resolve) => cutting.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(cutting.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => cutting.close(() => resolve())));

  it('is a CareApiConnectionError, not a raw TypeError', async () => {
    const error = await leaks.rejection(getP1({ baseUrl: url }));
    expect(error).toBeInstanceOf(CareApiConnectionError);
    expect((error as Error).cause).toBeDefined();
  });

  it('also when the body is read for a retry hint', async () => {
    const carecycle = createCarecycleClient({ ...transportOptions(), apiKey: CARECYCLE_KEY, baseUrl: url, retry: FAST });
    cutting.removeAllListeners('request');
    cutting.on('request', (req, res) => {
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'content-length': '4000' });
      res.write('{"retryAfter":');
      setTimeout(() => req.socket.resetAndDestroy(), 20);
    });
    const error = await leaks.rejection(raw(carecycle).request('DELETE', '/v2/customers/{id}/providers/{providerId}', { params: { path: { id: 'c1', providerId: 'p1' } } }));
    expect(error).toBeInstanceOf(CareApiConnectionError);
  });
});

describe('token minting within the limits of the call', () => {
  it("a hung token endpoint: the caller's signal ends the call", async () => {
    server.script(CANDID_TOKEN, hang());
    const started = performance.now();
    const error = await leaks.rejection(getC1(candid({ timeout: 3000 }), { signal: AbortSignal.timeout(300) }));
    expect(error).toBeInstanceOf(CareApiAbortError);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(server.count(CONTRACT)).toBe(0);
  });

  it('a hung token endpoint: the per-call timeout and maxRetries apply to the token request, which fails as a CareApiAuthError', async () => {
    server.script(CANDID_TOKEN, hang());
    const started = performance.now();
    const error = await leaks.rejection(getC1(candid({ timeout: 3000 }), { timeout: 300, maxRetries: 0 }));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(CareApiAuthError);
    expect((error as Error).cause).toBeInstanceOf(CareApiTimeoutError);
    expect(server.count(CANDID_TOKEN)).toBe(1);
  });

  it('a token endpoint that resets the connection: CareApiAuthError with the cause', async () => {
    server.script(CANDID_TOKEN, reset());
    const error = await leaks.rejection(getC1(candid({ maxRetries: 1 })));
    expect(error).toBeInstanceOf(CareApiAuthError);
    expect((error as Error).cause).toBeInstanceOf(CareApiConnectionError);
    expect(server.count(CANDID_TOKEN)).toBe(2);
  });

  it('one caller giving up does not fail the others waiting for the same token', async () => {
    server.script(CANDID_TOKEN, slow(400, 200, { access_token: MINTED, expires_in: 3600 }));
    server.script(CONTRACT, reply(200, { contract_id: 'c1' }));
    const client = candid();
    const started = performance.now();
    const impatient = leaks.rejection(getC1(client, { signal: AbortSignal.timeout(100) })).then((error) => ({ error, at: performance.now() - started }));
    const patient = getC1(client);
    const { error, at } = await impatient;
    expect(error).toBeInstanceOf(CareApiAbortError);
    expect(at).toBeLessThan(350);
    expect((await patient).response.status).toBe(200);
    expect(server.count(CANDID_TOKEN)).toBe(1);
  });
});

describe('retry hints below zero', () => {
  it.each([['"-3"'], ['-3']])("careCycle's body hint retryAfter: %s is ignored: the retry waits its backoff", async (hint) => {
    const route = 'DELETE /v2/customers/c1/providers/p1';
    server.script(route, reply(429, `{"message":"Rate limit exceeded","retryAfter":${hint}}`), reply(200, { success: true }));
    const carecycle = createCarecycleClient({ ...transportOptions(), apiKey: CARECYCLE_KEY, baseUrl: server.url, retry: { initialDelayMs: 300, maxDelayMs: 300 } });
    const { response } = await raw(carecycle).request('DELETE', '/v2/customers/{id}/providers/{providerId}', { params: { path: { id: 'c1', providerId: 'p1' } } });
    expect(response.status).toBe(200);
    const [first, second] = server.on(route);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(140);
  });
});

describe('secrets in log lines', () => {
  const telehealth = () => createTelehealthClient({ ...transportOptions(), token: TELEHEALTH_TOKEN, baseUrl: server.url, logger: debugLogger(leaks.logger, { bodies: true }) });
  const login = (client = telehealth()) => raw(client).request('POST', '/sso/token', { body: { username: 'a@example.com', password: PASSWORD } });

  it('a password the vendor repeats in a free-text field is redacted in the log line, as in the result', async () => {
    server.script('POST /sso/token', reply(400, { message: `password ${PASSWORD} is too weak`, detail: [`${PASSWORD}`] }));
    leaks.logger.lines.length = 0;
    const { error } = await login();
    expect(error).toEqual({ message: `password ${REDACTED} is too weak`, detail: [REDACTED] });
    const [line] = leaks.logger.lines;
    expect(line?.fields.requestBody).toEqual({ username: 'a@example.com', password: REDACTED });
    expect(line?.fields.responseBody).toEqual({ message: `password ${REDACTED} is too weak`, detail: [REDACTED] });
  });

  it('a token the vendor returns (userAccessToken) is not logged in clear; the caller still gets it', async () => {
    server.script('POST /sso/token', reply(200, { userAccessToken: USER_TOKEN, redirectParam: 'https://portal.example/home' }));
    leaks.logger.lines.length = 0;
    const { data } = await login();
    expect(data).toEqual({ userAccessToken: USER_TOKEN, redirectParam: 'https://portal.example/home' });
    expect(leaks.logger.lines[0]?.fields.responseBody).toEqual({ userAccessToken: REDACTED, redirectParam: 'https://portal.example/home' });
  });

  it('a minted token is not logged in clear, in the token answer or the calls after it', async () => {
    server.script(CANDID_TOKEN, reply(200, { access_token: MINTED, expires_in: 3600, note: `issued ${MINTED}` }));
    server.script(CONTRACT, reply(200, { contract_id: 'c1' }));
    leaks.logger.lines.length = 0;
    await getC1(candid({ logger: debugLogger(leaks.logger, { bodies: true }) }));
    expect(leaks.logger.lines).toHaveLength(2);
    expect(renderings(leaks.logger.lines).some((text) => text.includes(MINTED))).toBe(false);
  });
});
