/**
 * @careapis/certifyos against a Prism mock of specs/certifyos.yaml (request validation on), and
 * against a node:http server on loopback for what a static mock cannot show: offset paging over
 * real pages, client-credentials token minting, caching and refresh, the `organization-id` header.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CareApiAuthError,
  CareApiConfigError,
  CareApiError,
  createCertifyosBase,
  createCertifyosClient,
  isCareApiError,
  listAllProviders,
  rawClient,
  unwrap,
  updateProvider,
  type BulkCreateProvidersError,
  type CertifyosClient,
  type CertifyosClientOptions,
  type ErrorResponse,
  type ListProvidersError,
  type operations,
  type Schemas,
  type UpdateProviderError,
} from '@careapis/certifyos';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, startLoopbackServer, useLoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { rejection, violatedAt } from './rejection.js';

const TOKEN = 'certifyos-test-token-5f2a';
const CLIENT_SECRET = 'certifyos-test-secret-9c1e';
const ORG = 'org-test-7';

/** The seed page's request bodies (shared/seeds/000), unchanged. */
const seed = {
  provider: {
    first_name: 'string',
    middle_name: '',
    last_name: 'string',
    degree: 'AA',
    npi: '',
    states: 'string',
    caqh_provider_id: '',
    last_credentialed_date: '2019-08-24T14:15:22Z',
    next_credentialing_date: '2019-08-24T14:15:22Z',
    initial_credentialing_date: '2019-08-24T14:15:22Z',
    external_id: 'string',
    primary_email: 'string@string.com',
    gender: 'M',
    dob: '2019-08-24T14:15:22Z',
    group_name: 'string',
    group_npi: '2345678901',
    group_tin: '123456789',
    location_name: 'string',
    external_group_id: 'string',
    is_pcp: true,
    is_specialist: true,
    accepts_new_patients: true,
    accepts_new_medicare_patients: true,
  },
  statusChange: {
    provider_ids: ['string'],
    reason: 'string',
    filters: { offset: 0, limit: 10, file_type: 'Clean', flagged: true, start_updated_at: '2019-08-24T14:15:22Z', end_updated_at: '2019-08-24T14:15:22Z' },
  },
  update: {
    initial_credentialing_date: '2019-08-24T14:15:22Z',
    external_id: 'string',
    primary_email: 'string@string.com',
    gender: 'M',
    dob: '2019-08-24T14:15:22Z',
    is_pcp: true,
    is_specialist: true,
    accepts_new_patients: true,
    accepts_new_medicare_patients: true,
    assigned_states: 'AK',
  },
} satisfies {
  provider: Schemas['CreateProvider'];
  statusChange: Schemas['TerminateProvidersRequest'];
  update: Schemas['UpdateProviderRequest'];
};

describe('certifyos contract (Prism)', () => {
  let mock: MockServer;
  let certifyos: CertifyosClient;

  beforeAll(async () => {
    mock = await startMock('certifyos');
    certifyos = createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: mock.url, maxRetries: 0 });
  });
  afterAll(() => mock?.close());

  it('createApiToken exchanges client credentials for a token', async () => {
    const data = await certifyos.createApiToken({ body: { client_id: 'client-id', client_secret: CLIENT_SECRET, grant_type: 'client' } });
    expectTypeOf(data.access_token).toEqualTypeOf<string>();
    expect(data.access_token.split('.')).toHaveLength(3);
  });

  it('bulkCreateProviders with the seed body: 201 and one result per provider', async () => {
    const { data, response } = await certifyos.bulkCreateProviders({ body: [seed.provider] }).withResponse();
    expect(response.status).toBe(201);
    expect(data).toHaveLength(1);
    expect(typeof data[0]?.provider_id).toBe('string');
  });

  it('bulkCreateProviders 207: the partial-success result is typed per provider', async () => {
    const second = { ...seed.provider, first_name: 'Second', group_npi: '1234567890' };
    const { data, response } = await certifyos.bulkCreateProviders({ body: [seed.provider, second] }, { headers: { Prefer: 'code=207' } }).withResponse();
    expect(response.status).toBe(207);
    expectTypeOf(data).toEqualTypeOf<Schemas['BulkCreateProvidersResult']>();
    const results = data;
    const created = results.filter((r) => r.error === null).map((r) => r.provider_id);
    const failed = results.flatMap((r) => (r.error ? [r.error] : []));
    expectTypeOf(failed).toEqualTypeOf<Schemas['BulkCreateProviderError'][]>();
    expect(created).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toMatch(/group_npi/);
    expect(failed[0]?.status).toBe(400);
    // A 207 is a success: the call resolves to the per-provider array, it does not reject.
    const resolved = await certifyos.bulkCreateProviders({ body: [seed.provider] }, { headers: { Prefer: 'code=207' } });
    expect(resolved.some((r) => r.error !== null)).toBe(true);
  });

  it('listProviders with the seed query: a bare array in the read vocabulary', async () => {
    const { data, response } = await certifyos
      .listProviders({ offset: 0, limit: 10, file_type: 'Clean', flagged: true, start_updated_at: '2019-08-24T14:15:22Z', end_updated_at: '2019-08-24T14:15:22Z' })
      .withResponse();
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<Schemas['ProviderList']>();
    const provider = data[0];
    expect(provider?.gender).toBe('Male');
    expect(provider?.dob).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('listProviders: a query outside the spec is rejected by the mock', async () => {
    const bad = { file_type: 'Dirty' } as unknown as { file_type: Schemas['FileType'] };
    const error = await rejection<ListProvidersError>(certifyos.listProviders(bad));
    expect(error.status).toBe(422);
    expect(error.kind).toBe('unprocessable');
    expect(error.body).toBeDefined();
  });

  it('listAllProviders stops after a short page', async () => {
    const ids: string[] = [];
    for await (const provider of listAllProviders(certifyos, { limit: 10 })) {
      ids.push(provider.provider_id);
      if (ids.length > 50) break;
    }
    expect(ids).toEqual(['string']);
  });

  it('terminateProviders with the seed body: 204 without a body', async () => {
    const { data, response } = await certifyos.terminateProviders({ body: seed.statusChange }).withResponse();
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it('terminateProviders 207: each failed provider id with its reason', async () => {
    const { data, response } = await certifyos.terminateProviders({ body: seed.statusChange }, { headers: { Prefer: 'code=207' } }).withResponse();
    expect(response.status).toBe(207);
    expectTypeOf(data).toEqualTypeOf<Schemas['ProviderStatusChangeFailures'] | undefined>();
    expect(data).toEqual([{ providerId: 'string', reason: 'string' }]);
  });

  it('unterminateProviders with the seed body: 204, and 207 with failures', async () => {
    const ok = await certifyos.unterminateProviders({ body: seed.statusChange }).withResponse();
    expect(ok.response.status).toBe(204);
    expect(ok.data).toBeUndefined();
    const partial = await certifyos.unterminateProviders({ body: seed.statusChange }, { headers: { Prefer: 'code=207' } });
    expect(partial?.[0]?.providerId).toBe('string');
  });

  it('updateProvider with the seed body: 200 without a body', async () => {
    const { data, response } = await certifyos.updateProvider({ id: 'string', body: seed.update }).withResponse();
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
  });

  it('an invalid body is rejected with a typed CareApiError that carries no secret', async () => {
    const bad = [{ ...seed.provider, degree: 'Wizard', group_npi: '123' }] as unknown as Schemas['BulkCreateProvidersRequest'];
    const error = await rejection<BulkCreateProvidersError>(certifyos.bulkCreateProviders({ body: bad }));
    expect(error.status).toBe(400);
    expect(error.kind).toBe('badRequest');
    const violations = error.headers['sl-violations'] ?? '';
    expect(violations).toContain('degree');
    expect(violations).toContain('group_npi');
    if (error.status !== 400) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<Schemas['ErrorResponse']>();
    expect(typeof error.body).toBe('object');

    const missingReason = { provider_ids: ['string'], filters: {} } as unknown as Schemas['TerminateProvidersRequest'];
    const thrown = await rejection(certifyos.terminateProviders({ body: missingReason }));
    expect(thrown).toMatchObject({ vendor: 'certifyos', operationId: 'terminateProviders', status: 400, attempts: 1 });
    expect(`${String(thrown)} ${JSON.stringify(thrown)}`).not.toContain(TOKEN);
  });

  it('client credentials: the token minted from the mock authorizes the providers calls', async () => {
    const client = createCertifyosClient({ clientId: 'client-id', clientSecret: CLIENT_SECRET, organizationId: ORG, baseUrl: mock.url, maxRetries: 0 });
    const { data, response } = await client.listProviders().withResponse();
    expect(response.status).toBe(200);
    expect(Array.isArray(data)).toBe(true);
  });

  it('the raw client still gives { data, error, response } results', async () => {
    const ok = await rawClient(certifyos).PATCH('/v2/providers/{id}', { params: { path: { id: 'string' } }, body: seed.update });
    expect(ok.error).toBeUndefined();
    expect(ok.response.status).toBe(200);
    const bad = [{ ...seed.provider, degree: 'Wizard' }] as unknown as Schemas['BulkCreateProvidersRequest'];
    const failed = await rawClient(certifyos).POST('/v2/providers', { body: bad });
    expect(failed.data).toBeUndefined();
    expect(failed.response.status).toBe(400);
    expectTypeOf(failed.error).toEqualTypeOf<Schemas['ErrorResponse'] | undefined>();
    expect(typeof failed.error).toBe('object');
    const thrown = await unwrap(rawClient(certifyos).POST('/v2/providers', { body: bad })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ vendor: 'certifyos', operationId: 'bulkCreateProviders', status: 400 });
  });

  it('a providers call without a bearer token is refused; the client\'s (with its minted token) is taken', async () => {
    const res = await fetch(`${mock.url}/v2/providers`, { headers: { 'organization-id': ORG } });
    expect(res.status).toBe(401);
    const { response } = await certifyos.listProviders().withResponse();
    expect(response.status).toBe(200);
  });

  describe('flat arguments, each in its place (Prism validates the request)', () => {
    it('path: id fills the {id} segment, percent-encoded', async () => {
      const { data, response } = await certifyos.updateProvider({ id: 'provider 7', body: seed.update }).withResponse();
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${mock.url}/v2/providers/provider%207`);
      expect(data).toBeUndefined();
    });

    it('query: offset, limit and the filters go to the query string, where Prism checks them', async () => {
      const { response } = await certifyos.listProviders({ offset: 20, limit: 10, file_type: 'Clean', flagged: false }).withResponse();
      expect(response.status).toBe(200);
      expect(new URL(response.url).search).toBe('?offset=20&limit=10&file_type=Clean&flagged=false');
      const dirty = { file_type: 'Dirty' } as unknown as { file_type: Schemas['FileType'] };
      const error = await rejection(certifyos.listProviders({ limit: 10, ...dirty }));
      expect(violatedAt(error)).toEqual(['query.file_type']);
    });

    it('body: the request body goes under `body` (a bare array here), where Prism checks it', async () => {
      const created = await certifyos.bulkCreateProviders({ body: [seed.provider, { ...seed.provider, first_name: 'Second' }] });
      expect(created.length).toBeGreaterThan(0);
      const bad = [{ ...seed.provider, gender: 'Male' }] as unknown as Schemas['BulkCreateProvidersRequest'];
      const error = await rejection(certifyos.bulkCreateProviders({ body: bad }));
      expect(violatedAt(error)).toEqual(['body.0.gender']);
      const patched = await rejection(certifyos.updateProvider({ id: 'string', body: { ...seed.update, gender: 'X' } as unknown as Schemas['UpdateProviderRequest'] }));
      expect(violatedAt(patched)).toEqual(['body.gender']);
    });

    it('the single-operation function takes the same arguments', async () => {
      const base = createCertifyosBase({ token: TOKEN, organizationId: ORG, baseUrl: mock.url, maxRetries: 0 });
      const { response } = await updateProvider(base, { id: 'string', body: seed.update }).withResponse();
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${mock.url}/v2/providers/string`);
    });
  });

  describe('HTTP errors', () => {
    it('a 404 rejects with a CareApiError carrying status, kind, the vendor message and the typed body', async () => {
      const error = await rejection<UpdateProviderError>(certifyos.updateProvider({ id: 'missing', body: seed.update }, { headers: { Prefer: 'code=404' } }));
      expect(error).toMatchObject({ name: 'CareApiError', vendor: 'certifyos', operationId: 'updateProvider', status: 404, kind: 'notFound', attempts: 1 });
      if (error.status !== 404) throw new Error('narrowed above');
      expectTypeOf(error.body).toEqualTypeOf<ErrorResponse>();
      expect(typeof error.body).toBe('object');
      const message = error.body.message;
      expect(typeof message === 'string' || Array.isArray(message)).toBe(true);
      if (typeof message === 'string') expect(error.vendorMessage).toContain(message);
      expect(error.message).toContain('certifyos.updateProvider failed with HTTP 404');
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    });

    it('isCareApiError narrows a caught 403 of listProviders', async () => {
      const caught = await certifyos.listProviders({}, { headers: { Prefer: 'code=403' } }).catch((e: unknown) => e);
      if (!isCareApiError<operations['listProviders']>(caught, 'listProviders')) throw new Error(`expected a CareApiError, got ${String(caught)}`);
      expect(caught.status).toBe(403);
      expect(caught.kind).toBe('forbidden');
      expectTypeOf(caught.body).toEqualTypeOf<ErrorResponse>();
    });
  });
});

describe('certifyos client options', () => {
  it('a missing organizationId is a CareApiConfigError at creation that names the option and no secret', () => {
    // @ts-expect-error organizationId is a required option
    const withoutOrg = (): CertifyosClient => createCertifyosClient({ token: TOKEN });
    expect(withoutOrg).toThrow(CareApiConfigError);
    expect(withoutOrg).toThrow(/organizationId.*organization-id/);
    const options = { clientId: 'client-id', clientSecret: CLIENT_SECRET, organizationId: '' } as const;
    const error = (() => {
      try {
        createCertifyosClient(options);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect(String(error)).toMatch(/organizationId/);
    expect(String(error)).not.toContain(CLIENT_SECRET);
    expect(String(error)).not.toContain(TOKEN);
  });

  it('credentials must come as a token or as both clientId and clientSecret', () => {
    const half = { clientId: 'client-id', organizationId: ORG } as unknown as CertifyosClientOptions;
    expect(() => createCertifyosClient(half)).toThrow(/clientSecret/);
  });
});

/** A provider as the list operation returns it. */
function provider(i: number): Schemas['Provider'] {
  return {
    first_name: `First${i}`,
    middle_name: '',
    last_name: `Last${i}`,
    npi: '1234567893',
    degree: 'MD',
    provider_id: `p-${i}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-02T00:00:00Z',
    status: 'Active',
    credentialing_status: 'PSV ready',
    credentialing_status_update_date: '2024-01-02',
    external_id: `ext-${i}`,
    gender: 'Female',
    primary_email: `p${i}@example.com`,
    caqh_primary_email: `p${i}@example.com`,
    dob: '1980-05-17',
    isHospitalBased: false,
  };
}

describe('certifyos against a loopback server', () => {
  const TOTAL = 23;
  let minted = 0;
  /** Authorization values the API refuses with 401 (revoked tokens). */
  const refused = new Set<string>();

  const server = useLoopbackServer({
    respond: (hit) => {
      const url = new URL(hit.url, 'http://127.0.0.1');
      if (hit.method === 'POST' && url.pathname === '/auth-tokens/v2/api') {
        minted++;
        return reply(201, { access_token: `tok-${minted}` });
      }
      const auth = hit.headers.authorization;
      if (!auth || refused.has(auth)) return reply(401, { statusCode: 401, message: 'Unauthorized' });
      if (hit.method === 'GET' && url.pathname === '/v2/providers') {
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 10);
        return reply(200, Array.from({ length: TOTAL }, (_, i) => provider(i)).slice(offset, offset + limit));
      }
      if (hit.method === 'POST' && url.pathname === '/v2/providers') return reply(201, [{ provider_id: 'p-new', error: null }]);
      return reply(404, { statusCode: 404, message: 'Not Found' });
    },
  });
  beforeEach(() => {
    minted = 0;
    refused.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const tokenHits = (): RecordedRequest[] => server.requests.filter((h) => h.url === '/auth-tokens/v2/api');
  const apiHits = (): RecordedRequest[] => server.requests.filter((h) => h.url.startsWith('/v2/'));
  const withCredentials = (): CertifyosClient =>
    createCertifyosClient({ clientId: 'client-id', clientSecret: CLIENT_SECRET, organizationId: ORG, baseUrl: server.url, maxRetries: 0 });

  it('listAllProviders pages with offset/limit until a short page', async () => {
    const client = createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: server.url, maxRetries: 0 });
    const ids: string[] = [];
    for await (const p of listAllProviders(client, { limit: 10, file_type: 'Clean' })) {
      ids.push(p.provider_id);
      if (ids.length > TOTAL * 2) break;
    }
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => `p-${i}`));
    const queries = apiHits().map((h) => new URL(h.url, server.url).searchParams);
    expect(queries.map((q) => q.get('offset'))).toEqual([null, '10', '20']);
    expect(queries.every((q) => q.get('limit') === '10' && q.get('file_type') === 'Clean')).toBe(true);
  });

  it('listAllProviders on an exact multiple of the limit stops at the empty page', async () => {
    const client = createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: server.url, maxRetries: 0 });
    let count = 0;
    for await (const _ of listAllProviders(client, { offset: 3, limit: 5 })) {
      if (++count > TOTAL * 2) break;
    }
    expect(count).toBe(TOTAL - 3);
    expect(apiHits().map((h) => new URL(h.url, server.url).searchParams.get('offset'))).toEqual(['3', '8', '13', '18', '23']);
  });

  it('every providers call sends organization-id; the token request does not need it', async () => {
    const client = withCredentials();
    await client.listProviders();
    await client.bulkCreateProviders({ body: [seed.provider] });
    expect(apiHits()).toHaveLength(2);
    expect(apiHits().every((h) => h.headers['organization-id'] === ORG)).toBe(true);
    expect(tokenHits()[0]?.headers.authorization).toBeUndefined();
  });

  it('the first call mints a token with grant_type client; later calls reuse it', async () => {
    const client = withCredentials();
    await client.listProviders();
    await client.listProviders({ offset: 10 });
    await Promise.all([client.listProviders(), client.listProviders()]);
    expect(tokenHits()).toHaveLength(1);
    const [tokenRequest] = tokenHits();
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toContain('application/json');
    expect(JSON.parse(tokenRequest?.body ?? '{}')).toEqual({ grant_type: 'client', client_id: 'client-id', client_secret: CLIENT_SECRET });
    expect(apiHits().map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
  });

  it('concurrent first calls share one token request', async () => {
    const client = withCredentials();
    await Promise.all(Array.from({ length: 5 }, () => client.listProviders()));
    expect(tokenHits()).toHaveLength(1);
    expect(apiHits()).toHaveLength(5);
  });

  it('a token near the end of its 24 hours is refreshed before use', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const client = withCredentials();
    await client.listProviders();
    vi.setSystemTime(start + (24 * 3600 - 200) * 1000); // 200 s before expiry: still used
    await client.listProviders();
    expect(tokenHits()).toHaveLength(1);
    vi.setSystemTime(start + (24 * 3600 - 60) * 1000); // 60 s before expiry: refreshed first
    await client.listProviders();
    expect(tokenHits()).toHaveLength(2);
    expect(apiHits().map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('a 401 gets one refresh and one retry, also for a POST', async () => {
    const client = withCredentials();
    await client.listProviders();
    refused.add('Bearer tok-1'); // the server revokes the token
    const created = await client.bulkCreateProviders({ body: [seed.provider] });
    expect(created[0]?.provider_id).toBe('p-new');
    expect(tokenHits()).toHaveLength(2);
    expect(apiHits().map((h) => `${h.method} ${h.headers.authorization}`)).toEqual(['GET Bearer tok-1', 'POST Bearer tok-1', 'POST Bearer tok-2']);
  });

  it('a 401 that persists after the refresh rejects, not retried again', async () => {
    const client = withCredentials();
    refused.add('Bearer tok-1').add('Bearer tok-2').add('Bearer tok-3');
    const error = await rejection<ListProvidersError>(client.listProviders());
    expect(error.status).toBe(401);
    expect(error.kind).toBe('unauthorized');
    expect(error.body).toMatchObject({ statusCode: 401 });
    expect(tokenHits()).toHaveLength(2);
    expect(apiHits()).toHaveLength(2);
  });

  it('a static token is sent as is and nothing is minted; a rejected static token is not retried', async () => {
    const client = createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: server.url, maxRetries: 0 });
    await client.listProviders();
    refused.add(`Bearer ${TOKEN}`);
    const thrown = await rejection(client.listProviders());
    expect(thrown).toMatchObject({ status: 401, attempts: 1 });
    expect(String(thrown)).not.toContain(TOKEN);
    expect(tokenHits()).toHaveLength(0);
    expect(apiHits().map((h) => h.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('a token function is asked again after a 401', async () => {
    let calls = 0;
    const client = createCertifyosClient({ token: () => `fn-${++calls}`, organizationId: ORG, baseUrl: server.url, maxRetries: 0 });
    refused.add('Bearer fn-1');
    await client.listProviders();
    expect(apiHits().map((h) => h.headers.authorization)).toEqual(['Bearer fn-1', 'Bearer fn-2']);
  });

  it('refused credentials are a CareApiAuthError that does not show the secret', async () => {
    const failing = await startLoopbackServer({ respond: () => reply(401, { statusCode: 401, message: 'Unauthorized' }) });
    try {
      const client = createCertifyosClient({ clientId: 'client-id', clientSecret: CLIENT_SECRET, organizationId: ORG, baseUrl: failing.url, maxRetries: 0 });
      const thrown = await client.listProviders().catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(CareApiAuthError);
      expect(thrown).toMatchObject({ status: 401 });
      expect(String(thrown)).toMatch(/clientId and clientSecret/);
      expect(String(thrown)).not.toContain(CLIENT_SECRET);
      expect(failing.requests.map((h) => h.url)).toEqual(['/auth-tokens/v2/api']);
    } finally {
      await failing.close();
    }
  });
});
