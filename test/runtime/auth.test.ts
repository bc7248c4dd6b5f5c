/** Client-credentials tokens under real faults: first use, caching, early refresh, one refresh in flight, 401 → refresh once. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CareApiAuthError, CareApiError, createCandidClient } from '@careapis/candid';
import { createCertifyosClient } from '@careapis/certifyos';
import { clientCredentialsAuth, createRuntime, type AuthSetup, type VendorDescriptor } from '@careapis/core';
import { reply, useLoopbackServer, type Handler } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';
import { useLeakCheck } from './secret-leaks.js';

const CLIENT_ID = 'candid-client-id-7a1b';
const CLIENT_SECRET = 'candid-client-secret-3b9f0c2d';
const STATIC_TOKEN = 'static-bearer-token-5e6f7a8b';
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const TOKEN = 'POST /api/auth/v2/token';
const CONTRACT = 'GET /api/contracts/v2/c1';
const CONTRACT_BODY = { contract_id: 'c1', provider_count: 1 };

/** The n-th token the test token endpoint mints. Long and distinctive, so the leak check can look for each. */
const minted = (n: number): string => `minted-access-token-${n}-d41d8cd98f`;
const TOKENS = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`token ${i + 1}`, minted(i + 1)]));

const leaks = useLeakCheck({ CLIENT_SECRET, STATIC_TOKEN, ...TOKENS });
const server = useLoopbackServer();

/** Token endpoint: mints token n with the given lifetime; records what it issued. */
function tokenEndpoint(expiresIn: (n: number) => number = () => 18000): Handler {
  return (_request, n) => reply(200, { access_token: minted(n), expires_in: expiresIn(n), token_type: 'Bearer' });
}

/** An API route that accepts only the tokens in `valid()`; anything else gets 401. */
function protectedRoute(valid: (token: string) => boolean, body: unknown = CONTRACT_BODY): Handler {
  return (request) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return token && valid(token) ? reply(200, body) : reply(401, { errorName: 'UnauthorizedError', message: `token ${token ?? '(none)'} is not valid` });
  };
}

const tokensUsed = (route: string): string[] => server.on(route).map((r) => r.headers.authorization ?? '');
const candid = () => createCandidClient({ ...transportOptions(), baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST });
const getC1 = (client = candid()) => client.getContract({ contract_id: 'c1' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('client credentials', () => {
  it('fetches a token on first use with the spec’s body, then reuses it', async () => {
    server.script(TOKEN, tokenEndpoint());
    server.script(CONTRACT, protectedRoute((t) => t === minted(1)));
    const client = candid();
    expect(server.count(TOKEN)).toBe(0); // nothing happens at creation
    for (let i = 0; i < 3; i++) expect(await getC1(client)).toEqual(CONTRACT_BODY);
    expect(server.count(TOKEN)).toBe(1);
    const [tokenRequest] = server.on(TOKEN);
    expect(JSON.parse(tokenRequest?.body ?? '')).toEqual({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(tokenRequest?.headers['content-type']).toBe('application/json');
    expect(tokenRequest?.headers.authorization).toBeUndefined();
    expect(tokensUsed(CONTRACT)).toEqual(Array(3).fill(`Bearer ${minted(1)}`));
  });

  it('CertifyOS: sends the spec’s extra body fields and its client option header', async () => {
    server.script('POST /auth-tokens/v2/api', (_r, n) => reply(201, { access_token: minted(n) }));
    server.script('GET /v2/providers', protectedRoute((t) => t === minted(1), []));
    const certifyos = createCertifyosClient({ ...transportOptions(), baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, organizationId: 'org-1' });
    const { data, response } = await certifyos.listProviders().withResponse();
    expect(response.status).toBe(200);
    expect(data).toEqual([]);
    expect(JSON.parse(server.on('POST /auth-tokens/v2/api')[0]?.body ?? '')).toEqual({ grant_type: 'client', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(server.on('GET /v2/providers')[0]?.headers['organization-id']).toBe('org-1');
  });

  it('50 concurrent calls on a cold client cause exactly one token request', async () => {
    server.script(TOKEN, tokenEndpoint());
    server.script(CONTRACT, protectedRoute((t) => t === minted(1)));
    const client = candid();
    const results = await Promise.all(Array.from({ length: 50 }, () => getC1(client).withResponse()));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(results.map((r) => r.data)).toEqual(Array(50).fill(CONTRACT_BODY));
    expect(server.count(TOKEN)).toBe(1);
  });

  it('50 concurrent calls with an expired token cause exactly one token request', async () => {
    // Token 1 lives 20 ms; token 2 lives five hours.
    server.script(TOKEN, tokenEndpoint((n) => (n === 1 ? 0.02 : 18000)));
    server.script(CONTRACT, protectedRoute((t) => t === minted(1) || t === minted(2)));
    const client = candid();
    await getC1(client);
    await sleep(60);
    const results = await Promise.all(Array.from({ length: 50 }, () => getC1(client).withResponse()));
    expect(results.map((r) => r.response.status)).toEqual(Array(50).fill(200));
    expect(server.count(TOKEN)).toBe(2);
    expect(tokensUsed(CONTRACT).slice(1)).toEqual(Array(50).fill(`Bearer ${minted(2)}`));
  });

  it('refreshes before the token expires (in the last tenth of its life, at most 2 minutes early)', async () => {
    // The server really expires token 1 after 1 s; the client must switch before it is refused.
    let firstIssued = 0;
    server.script(TOKEN, (request, n) => {
      if (n === 1) firstIssued = request.at;
      return reply(200, { access_token: minted(n), expires_in: 1 });
    });
    server.script(CONTRACT, protectedRoute((t) => t !== minted(1) || performance.now() - firstIssued < 1000));
    const client = candid();
    await getC1(client);
    await sleep(950);
    await getC1(client);
    expect(server.count(TOKEN)).toBe(2);
    expect(tokensUsed(CONTRACT)).toEqual([`Bearer ${minted(1)}`, `Bearer ${minted(2)}`]);
  });

  /** A client that made one call with token 1, which the vendor then revoked (token 2 is accepted). */
  async function afterRevokingTheFirstToken(): Promise<ReturnType<typeof candid>> {
    let revoked = false;
    server.script(TOKEN, tokenEndpoint());
    server.script(CONTRACT, protectedRoute((t) => t === minted(2) || (t === minted(1) && !revoked)));
    const client = candid();
    await getC1(client);
    revoked = true;
    return client;
  }

  it('on a 401 refreshes the token once and retries once', async () => {
    const client = await afterRevokingTheFirstToken();
    expect(await getC1(client)).toEqual(CONTRACT_BODY);
    expect(server.count(TOKEN)).toBe(2);
    expect(tokensUsed(CONTRACT)).toEqual([`Bearer ${minted(1)}`, `Bearer ${minted(1)}`, `Bearer ${minted(2)}`]);
  });

  it('a 401 that persists rejects after one refresh and one retry', async () => {
    server.script(TOKEN, tokenEndpoint());
    server.script(CONTRACT, protectedRoute(() => false));
    const error = await leaks.rejection(getC1());
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 401, kind: 'unauthorized', attempts: 2, operationId: 'getContract' });
    expect(server.count(CONTRACT)).toBe(2);
    expect(server.count(TOKEN)).toBe(2);
  });

  it('50 concurrent calls rejected with a revoked token share one refresh', async () => {
    const client = await afterRevokingTheFirstToken();
    const results = await Promise.all(Array.from({ length: 50 }, () => getC1(client).withResponse()));
    expect(results.map((r) => r.response.status)).toEqual(Array(50).fill(200));
    expect(results.map((r) => r.data)).toEqual(Array(50).fill(CONTRACT_BODY));
    expect(server.count(TOKEN)).toBe(2);
  });

  it('a token endpoint that refuses the credentials: CareApiAuthError, the API is not called', async () => {
    server.script(TOKEN, reply(401, { error: 'invalid_client', client_secret: CLIENT_SECRET, message: `bad secret ${CLIENT_SECRET}` }));
    server.script(CONTRACT, reply(200, CONTRACT_BODY));
    const error = await leaks.rejection(getC1());
    expect(error).toBeInstanceOf(CareApiAuthError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toContain('check clientId and clientSecret');
    expect(server.count(CONTRACT)).toBe(0);
  });

  it('the token request is retried like any safe request (503, then a token)', async () => {
    server.script(TOKEN, reply(503, { message: 'down' }), tokenEndpoint());
    server.script(CONTRACT, protectedRoute((t) => t === minted(2)));
    expect(await getC1()).toEqual(CONTRACT_BODY);
    expect(server.count(TOKEN)).toBe(2);
  });

  it('a token response without the token field is an auth error', async () => {
    server.script(TOKEN, reply(200, { token_type: 'Bearer' }));
    const error = await leaks.rejection(getC1());
    expect(error).toBeInstanceOf(CareApiAuthError);
    expect((error as Error).message).toContain('access_token');
  });

  it('missing credentials fail at creation, without echoing what was given', () => {
    expect(() => createCandidClient({ ...transportOptions(), baseUrl: server.url, clientId: CLIENT_ID } as never)).toThrow(/clientSecret/);
    const error = leaks.record((() => {
      try {
        createCandidClient({ ...transportOptions(), baseUrl: server.url, clientId: '', clientSecret: CLIENT_SECRET });
      } catch (e) {
        return e;
      }
    })());
    expect(String(error)).toMatch(/clientId/);
  });
});

describe('static tokens', () => {
  it('a static token is sent as is, and a 401 is not retried (there is nothing to refresh)', async () => {
    server.script(CONTRACT, reply(401, { errorName: 'UnauthorizedError', message: `token ${STATIC_TOKEN} expired` }));
    const client = createCandidClient({ ...transportOptions(), baseUrl: server.url, token: STATIC_TOKEN });
    const error = await leaks.rejection(getC1(client));
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 401, attempts: 1 });
    // The vendor echoed the token in its message: the error shows it redacted.
    expect((error as CareApiError<{ message: string }>).body.message).toBe('token [redacted] expired');
    expect(server.count(CONTRACT)).toBe(1);
    expect(server.count(TOKEN)).toBe(0);
    expect(tokensUsed(CONTRACT)).toEqual([`Bearer ${STATIC_TOKEN}`]);
  });

  it('a token function is called per request, and again once after a 401', async () => {
    let calls = 0;
    const token = () => minted(++calls);
    server.script(CONTRACT, protectedRoute((t) => t !== minted(2)));
    const client = createCandidClient({ ...transportOptions(), baseUrl: server.url, token });
    expect(await getC1(client)).toEqual(CONTRACT_BODY); // token 1
    expect(await getC1(client)).toEqual(CONTRACT_BODY); // token 2 refused, token 3 accepted
    expect(calls).toBe(3);
    expect(tokensUsed(CONTRACT)).toEqual([minted(1), minted(2), minted(3)].map((t) => `Bearer ${t}`));
  });
});

describe('a POST answered 401', () => {
  const vendor: VendorDescriptor = {
    name: 'faux',
    title: 'Faux API',
    packageName: '@careapis/faux',
    environments: {},
    serverTemplate: 'http://{host}',
    auth: { type: 'bearer', token: { path: '/token', clientId: 'client_id', clientSecret: 'client_secret', accessToken: 'access_token', lifetimeSeconds: 3600 } },
  };

  it('is sent again once with a new token: the server refused it, so it was not processed', async () => {
    server.script('POST /token', tokenEndpoint());
    server.script('POST /things', reply(401, { message: 'expired' }), reply(201, { id: 't1' }));
    const options = { ...transportOptions(), baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST };
    const { methods } = createRuntime(vendor, options, '1.0.0', { createThing: { id: 'createThing', method: 'POST', path: '/things' } }, { auth: clientCredentialsAuth });
    const { data, response } = await methods.createThing({ body: { name: 'thing' } }).withResponse();
    expect(response.status).toBe(201);
    expect(data).toEqual({ id: 't1' });
    expect(server.on('POST /things').map((r) => r.body)).toEqual(['{"name":"thing"}', '{"name":"thing"}']);
    expect(tokensUsed('POST /things')).toEqual([`Bearer ${minted(1)}`, `Bearer ${minted(2)}`]);
  });
});

describe('an auth part that signs each request (what RequestAuth makes possible)', () => {
  const SIGNING_KEY = 'signing-key-0c5d7e9f1a';
  const vendor: VendorDescriptor = { name: 'signed', title: 'Signed API', packageName: '@careapis/signed', environments: {}, serverTemplate: 'http://{host}', auth: { type: 'apiKey', header: 'x-signature' } };
  const payload = (method: string, url: string, stamp: string, body: string): string => `${method}\n${url}\n${stamp}\n${body}`;
  const sign = (text: string): string => createHmac('sha256', SIGNING_KEY).update(text).digest('hex');

  /** HMAC over method, URL (query included), a per-attempt stamp and the body: the request as sent must be what was signed. */
  const hmacAuth: AuthSetup = ({ options, secret }) => {
    const key = options.apiKey as string;
    secret(key);
    let stamps = 0;
    return {
      apply(request) {
        const stamp = String(++stamps);
        const body = typeof request.body === 'string' ? request.body : request.body instanceof ArrayBuffer ? Buffer.from(request.body).toString() : '';
        request.headers['x-stamp'] = stamp;
        request.headers['x-signature'] = createHmac('sha256', key).update(payload(request.method, request.url, stamp, body)).digest('hex');
      },
      refresh: () => false,
    };
  };
  const verified: Handler = (request) => {
    const stamp = String(request.headers['x-stamp']);
    const expected = sign(payload(request.method, `${server.url}${request.url}`, stamp, request.body));
    return request.headers['x-signature'] === expected ? reply(200, { ok: true, stamp }) : reply(401, { message: 'bad signature' });
  };

  it('signs method, URL, query and body, and signs again on every attempt', async () => {
    server.script('POST /things/t1', reply(503, { message: 'down' }), verified);
    const { methods } = createRuntime(vendor, { ...transportOptions(), baseUrl: server.url, apiKey: SIGNING_KEY, retry: FAST }, '1.0.0', { putThing: { id: 'putThing', method: 'POST', path: '/things/{id}', idempotent: true, query: ['dryRun'] } }, { auth: hmacAuth });
    const data = await methods.putThing({ id: 't1', dryRun: true, body: { name: 'thing' } });
    expect(data).toEqual({ ok: true, stamp: '2' });
    const sent = server.on('POST /things/t1');
    expect(sent.map((r) => [r.url, r.headers['x-stamp']])).toEqual([['/things/t1?dryRun=true', '1'], ['/things/t1?dryRun=true', '2']]);
    expect(sent[0]?.headers['x-signature']).not.toBe(sent[1]?.headers['x-signature']);
  });

  it('a request altered after signing is refused by the server (the check bites)', async () => {
    server.script('POST /things/t1', verified);
    const tamper: AuthSetup = (context) => {
      const inner = hmacAuth(context)!;
      return { apply: (request) => void (inner.apply({ ...request, url: `${request.url}x` }) as undefined), refresh: () => false };
    };
    const { methods } = createRuntime(vendor, { ...transportOptions(), baseUrl: server.url, apiKey: SIGNING_KEY, retry: FAST }, '1.0.0', { putThing: { id: 'putThing', method: 'POST', path: '/things/{id}' } }, { auth: tamper });
    await expect(methods.putThing({ id: 't1', body: { name: 'thing' } })).rejects.toMatchObject({ status: 401 });
  });
});
