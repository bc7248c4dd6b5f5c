/**
 * @careapis/candid against a Prism mock of specs/candid.yaml (request validation on), and against
 * a node:http server on loopback for what a static mock cannot show: cursor paging over real
 * pages, repeated-key array queries, client-credentials token minting, caching and refresh.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CareApiAuthError,
  CareApiError,
  createCandidBase,
  createCandidClient,
  getContract,
  isCareApiError,
  listAllContracts,
  listContracts,
  rawClient,
  unwrap,
  type CandidClient,
  type CreateContractError,
  type DeleteContractError,
  type GetContractError,
  type operations,
  type Schemas,
  type UpdateContractError,
} from '@careapis/candid';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { rejection, violatedAt } from './rejection.js';

const TOKEN = 'candid-test-token-3b7d';
const CLIENT_SECRET = 'candid-test-secret-e41f';
const CONTRACT_ID = 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32';

/**
 * The seed page's request example (shared/seeds/004) with its two placeholders made valid, as in
 * the spec's `seed` example: `effective_date` held the text "effective_date", `regions.states`
 * the Fern placeholder ["AA", "AA"].
 */
const seedContract = {
  commercial_insurance_types: { type: 'allApply' },
  contracting_provider_id: CONTRACT_ID,
  effective_date: '2024-01-01',
  medicaid_insurance_types: { type: 'allApply' },
  medicare_insurance_types: { type: 'allApply' },
  payer_uuid: CONTRACT_ID,
  regions: { type: 'states', states: ['CA', 'NY'] },
  rendering_provider_ids: [CONTRACT_ID],
} satisfies Schemas['ContractCreate'];

/** The spec's update example: one member of each update union. */
const update = {
  contract_status: 'effective',
  expiration_date: { type: 'remove' },
  regions: { type: 'set', value: { type: 'national' } },
  authorized_signatory: { type: 'set', first_name: 'Ada', last_name: 'Lovelace', title: 'CEO' },
  commercial_insurance_types: { type: 'theseApply', value: ['C1', 'HM', 'PR'] },
} satisfies Schemas['ContractUpdate'];

const contractPath = { contract_id: CONTRACT_ID } as const;

describe('candid contract (Prism)', () => {
  let mock: MockServer;
  let candid: CandidClient;

  beforeAll(async () => {
    mock = await startMock('candid');
    candid = createCandidClient({ token: TOKEN, baseUrl: mock.url, maxRetries: 0 });
  });
  afterAll(() => mock?.close());

  it('getToken exchanges client credentials for a token and its lifetime', async () => {
    const data = await candid.getToken({ body: { client_id: 'client-id', client_secret: CLIENT_SECRET } });
    expectTypeOf(data).toEqualTypeOf<Schemas['AuthGetTokenResponse']>();
    expect(data.token_type).toBe('Bearer');
    expect(data.expires_in).toBeGreaterThan(0);
  });

  it('createContract with the seed body returns a ContractWithProviders', async () => {
    const { data, response } = await candid.createContract({ body: seedContract }).withResponse();
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<Schemas['ContractWithProviders']>();
    expect(data.rendering_provider_ids).toEqual([CONTRACT_ID]);
    const regions = data.regions;
    expect(regions?.type === 'states' ? regions.states : []).toEqual(['CA', 'NY']);
  });

  it('the seed body verbatim (placeholder date) is rejected with a typed error', async () => {
    const verbatim = { ...seedContract, effective_date: 'effective_date', regions: { type: 'states', states: ['AA', 'AA'] } } satisfies Schemas['ContractCreate'];
    const error = await rejection<CreateContractError>(candid.createContract({ body: verbatim }));
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.body)).toContain('effective_date');
    const thrown = await rejection(candid.createContract({ body: verbatim }));
    expect(thrown).toMatchObject({ vendor: 'candid', operationId: 'createContract', status: 422, attempts: 1 });
    expect(`${String(thrown)} ${JSON.stringify(thrown)}`).not.toContain(TOKEN);
  });

  it('an invalid union member is rejected by the mock', async () => {
    const members: Array<[string, unknown]> = [
      ['regions', { type: 'states' }],
      ['regions', { type: 'worldwide' }],
      ['commercial_insurance_types', { type: 'national' }],
      ['medicare_insurance_types', { type: 'theseApply', value: ['ZZ'] }],
      ['medicaid_insurance_types', { type: 'theseApply', value: ['MC', 'MC'] }],
    ];
    for (const [field, member] of members) {
      const body = { ...seedContract, [field]: member } as unknown as Schemas['ContractCreate'];
      const error = await rejection(candid.createContract({ body }));
      expect(error.status, `${field}: ${JSON.stringify(member)}`).toBe(422);
      expect(JSON.stringify(error.body)).toContain(field);
    }
    // The same body with a valid member of each union passes.
    const valid = { ...seedContract, regions: { type: 'national' }, medicare_insurance_types: { type: 'theseApply', value: ['MA', 'MB'] } } satisfies Schemas['ContractCreate'];
    expect((await candid.createContract({ body: valid }).withResponse()).response.status).toBe(200);
  });

  it('rendering_provider_ids must be unique', async () => {
    const body = { ...seedContract, rendering_provider_ids: [CONTRACT_ID, CONTRACT_ID] };
    const error = await rejection(candid.createContract({ body }));
    expect(error.status).toBe(422);
  });

  it('getContract returns a ContractWithProviders; its 404 is a typed EntityNotFoundError', async () => {
    const found = await candid.getContract({ contract_id: CONTRACT_ID, organization_id: 'org-1' });
    expect(Array.isArray(found.rendering_provider_ids)).toBe(true);

    const error = await rejection<GetContractError>(candid.getContract(contractPath, { headers: { Prefer: 'code=404' } }));
    expect(error.status).toBe(404);
    expect(error.body).toBeDefined();
    if (error.status !== 404) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<Schemas['EntityNotFoundError']>();
    expect(error.body.errorName).toBe('EntityNotFoundError');
    expect(error.body.content.id).toBe(CONTRACT_ID);
  });

  it('listContracts with every filter returns Contract items (no rendering_provider_ids)', async () => {
    const { data, response } = await candid
      .listContracts({
        limit: 10,
        page_token: 'eyJ0b2tlbiI6IjEiLCJwYWdlX3Rva2VuIjoiMiJ9',
        contracting_provider_id: CONTRACT_ID,
        rendering_provider_ids: [CONTRACT_ID, '0b9f1c1e-5a4b-4c1d-9e8f-0123456789ab'],
        payer_names: ['Aetna', 'Cigna'],
        states: ['CA', 'NY'],
        contract_status: 'effective',
        sort: 'payer_name',
        sort_direction: 'asc',
      })
      .withResponse();
    expect(response.status).toBe(200);
    const item = data.items[0];
    expectTypeOf(item).toEqualTypeOf<Schemas['Contract'] | undefined>();
    expect(item?.provider_count).toBe(1);
    expect(item).not.toHaveProperty('rendering_provider_ids');
    expect(data.next_page_token).toBeUndefined();
  });

  it('listContracts: a state outside the enum and a limit over 1000 are rejected', async () => {
    const states = ['CA', 'XX'] as unknown as Schemas['State'][];
    expect((await rejection(candid.listContracts({ states }))).status).toBe(422);
    expect((await rejection(candid.listContracts({ limit: 1001 }))).status).toBe(422);
  });

  it('listAllContracts stops on a page without next_page_token', async () => {
    const ids: string[] = [];
    for await (const contract of listAllContracts(candid, { limit: 10 })) {
      ids.push(contract.contract_id);
      if (ids.length > 50) break;
    }
    expect(ids).toEqual([CONTRACT_ID]);
  });

  it('updateContract with one member of each update union', async () => {
    const { data, response } = await candid.updateContract({ ...contractPath, body: update }).withResponse();
    expect(response.status).toBe(200);
    expect(typeof data.contract_id).toBe('string');
  });

  it('updateContract 422: the error union narrows on errorName', async () => {
    const error = await rejection<UpdateContractError>(candid.updateContract({ ...contractPath, body: { expiration_date: { type: 'set', value: '2020-01-01' } } }, { headers: { Prefer: 'code=422' } }));
    expect(error.status).toBe(422);
    expect(error.body).toBeDefined();
    if (error.status !== 422) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<Schemas['UpdateContractUnprocessableError']>();
    expect(error.body.errorName).toBe('ContractInvalidExpirationDateHttpError');
    const message = error.body.errorName === 'ContractInvalidExpirationDateHttpError' ? error.body.content.message : undefined;
    expect(message).toMatch(/expiration date/);
  });

  it('updateContract: an update union member that does not exist is rejected', async () => {
    const body = { expiration_date: { type: 'clear' } } as unknown as Schemas['ContractUpdate'];
    const error = await rejection(candid.updateContract({ ...contractPath, body }));
    expect(error.status).toBe(422);
  });

  it('deleteContract: 200 without a body; 422 when linked to a fee schedule', async () => {
    const { data, response } = await candid.deleteContract(contractPath).withResponse();
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();

    const linked = await rejection<DeleteContractError>(candid.deleteContract(contractPath, { headers: { Prefer: 'code=422' } }));
    expect(linked.status).toBe(422);
    expect(linked.body).toBeDefined();
    if (linked.status !== 422 || linked.body === undefined) throw new Error('narrowed above');
    expectTypeOf(linked.body).toEqualTypeOf<Schemas['ContractIsLinkedToFeeScheduleHttpError']>();
    expect(linked.body.errorName).toBe('ContractIsLinkedToFeeScheduleHttpError');
    expect(linked.body.content.message).toBeTruthy();
  });

  it('client credentials: the token minted from the mock authorizes the contract calls', async () => {
    const client = createCandidClient({ clientId: 'client-id', clientSecret: CLIENT_SECRET, baseUrl: mock.url, maxRetries: 0 });
    const { data, response } = await client.getContract(contractPath).withResponse();
    expect(response.status).toBe(200);
    expect(typeof data.contract_id).toBe('string');
  });

  it('a contract call without a bearer token is refused; the client\'s (with its minted token) is taken', async () => {
    const res = await fetch(`${mock.url}/api/contracts/v2/${CONTRACT_ID}`);
    expect(res.status).toBe(401);
    const { response } = await candid.getContract({ contract_id: CONTRACT_ID }).withResponse();
    expect(response.status).toBe(200);
  });

  it('the raw client still gives { data, error, response } results, and unwrap turns an error into a CareApiError', async () => {
    const found = await rawClient(candid).GET('/api/contracts/v2/{contract_id}', { params: { path: contractPath } });
    expect(found.error).toBeUndefined();
    expect(found.data?.contract_id).toBeTypeOf('string');
    const { data, error, response } = await rawClient(candid).GET('/api/contracts/v2/{contract_id}', { params: { path: contractPath }, headers: { Prefer: 'code=404' } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expectTypeOf(error).toEqualTypeOf<Schemas['EntityNotFoundError'] | undefined>();
    expect(error?.errorName).toBe('EntityNotFoundError');
    const thrown = await unwrap(rawClient(candid).GET('/api/contracts/v2/{contract_id}', { params: { path: contractPath }, headers: { Prefer: 'code=404' } })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ vendor: 'candid', operationId: 'getContract', status: 404, body: { errorName: 'EntityNotFoundError' } });
  });

  describe('flat arguments, each in its place (Prism validates the request)', () => {
    it('path: contract_id fills the {contract_id} segment', async () => {
      const { data, response } = await candid.getContract({ contract_id: CONTRACT_ID }).withResponse();
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${mock.url}/api/contracts/v2/${CONTRACT_ID}`);
      expect(typeof data.contract_id).toBe('string');
    });

    it('path and query together: contract_id in the path, organization_id in the query string', async () => {
      const { response } = await candid.getContract({ organization_id: 'org-1', contract_id: CONTRACT_ID }).withResponse();
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${mock.url}/api/contracts/v2/${CONTRACT_ID}?organization_id=org-1`);
    });

    it('query: the filters go to the query string (arrays as repeated keys), where Prism checks them', async () => {
      const { response } = await candid.listContracts({ limit: 5, states: ['CA', 'NY'], contract_status: 'pending', sort_direction: 'desc' }).withResponse();
      expect(response.status).toBe(200);
      expect(new URL(response.url).search).toBe('?limit=5&states=CA&states=NY&contract_status=pending&sort_direction=desc');
      const error = await rejection(candid.listContracts({ limit: 1001 }));
      expect(violatedAt(error)).toEqual(['query.limit']);
      const status = { contract_status: 'signed' } as unknown as { contract_status: Schemas['ContractStatus'] };
      expect(violatedAt(await rejection(candid.listContracts(status)))).toEqual(['query.contract_status']);
    });

    it('body: the request body goes under `body`, next to the path parameter, where Prism checks it', async () => {
      const created = await candid.createContract({ body: seedContract });
      expect(created.rendering_provider_ids).toEqual([CONTRACT_ID]);
      const error = await rejection(candid.createContract({ body: { ...seedContract, effective_date: 'soon' } }));
      expect(violatedAt(error)).toEqual(['body.effective_date']);
      const badUpdate = { contract_status: 'signed' } as unknown as Schemas['ContractUpdate'];
      const patched = await rejection(candid.updateContract({ contract_id: CONTRACT_ID, body: badUpdate }));
      expect(violatedAt(patched)).toEqual(['body.contract_status']);
    });

    it('the single-operation functions take the same arguments', async () => {
      const base = createCandidBase({ token: TOKEN, baseUrl: mock.url, maxRetries: 0 });
      expect((await getContract(base, contractPath)).contract_id).toBeTypeOf('string');
      const { response } = await listContracts(base, { limit: 3 }).withResponse();
      expect(new URL(response.url).search).toBe('?limit=3');
    });
  });

  describe('HTTP errors', () => {
    it('a 404 rejects with a CareApiError carrying status, kind, the vendor message and the typed body', async () => {
      const error = await rejection<GetContractError>(candid.getContract(contractPath, { headers: { Prefer: 'code=404' } }));
      expect(error).toMatchObject({ name: 'CareApiError', vendor: 'candid', operationId: 'getContract', status: 404, kind: 'notFound', attempts: 1 });
      expect(error.body).toBeDefined();
      if (error.status !== 404) throw new Error('narrowed above');
      expectTypeOf(error.body).toEqualTypeOf<Schemas['EntityNotFoundError']>();
      // Candid's error bodies name the error in `errorName` and put any message under `content`: errorName is the vendor message.
      expect(error.vendorMessage).toBe('EntityNotFoundError');
      expect(error.body.content.id).toBe(CONTRACT_ID);
      expect(error.message).toContain('candid.getContract failed with HTTP 404: EntityNotFoundError');
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(TOKEN);
    });

    it('isCareApiError narrows a caught 422 of deleteContract to its errorName union', async () => {
      const caught = await candid.deleteContract(contractPath, { headers: { Prefer: 'code=422' } }).catch((e: unknown) => e);
      if (!isCareApiError<operations['deleteContract']>(caught, 'deleteContract') || caught.status !== 422 || caught.body === undefined) throw new Error(`expected the 422, got ${String(caught)}`);
      expect(caught.kind).toBe('unprocessable');
      expectTypeOf(caught.body.errorName).toEqualTypeOf<'ContractIsLinkedToFeeScheduleHttpError'>();
      expect(caught.vendorMessage).toBe(`ContractIsLinkedToFeeScheduleHttpError - ${caught.body.content.message}`);
      expect(caught.body.content.message).toBeTruthy();
    });
  });
});

/** A listed contract; its id ends in `i`. */
function contract(i: number): Schemas['Contract'] {
  return {
    contract_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    contracting_provider: {
      organization_provider_id: CONTRACT_ID,
      npi: '1234567893',
      is_rendering: true,
      is_billing: true,
      provider_type: 'INDIVIDUAL',
      license_type: 'MD',
      employment_status: 'ACTIVE',
    },
    provider_count: i,
    payer: { payer_uuid: CONTRACT_ID, payer_id: '60054', payer_name: 'Aetna' },
    effective_date: '2024-01-01',
    regions: { type: 'national' },
    commercial_insurance_types: { type: 'allApply' },
    medicare_insurance_types: { type: 'noneApply' },
    medicaid_insurance_types: { type: 'noneApply' },
  };
}

describe('candid against a loopback server', () => {
  const TOTAL = 5;
  let minted = 0;
  /** `expires_in` of the next tokens, in seconds. */
  let expiresIn = 3600;
  /** Status the token endpoint answers with; 200 mints. */
  let tokenStatus = 200;
  /** Authorization values the API refuses with 401 (revoked tokens). */
  const refused = new Set<string>();

  const server = useLoopbackServer({
    respond: (hit) => {
      const url = new URL(hit.url, 'http://127.0.0.1');
      if (hit.method === 'POST' && url.pathname === '/api/auth/v2/token') {
        if (tokenStatus !== 200) return reply(tokenStatus, { errorName: 'TooManyRequestsError', content: { message: 'slow down' } });
        minted++;
        return reply(200, { access_token: `tok-${minted}`, expires_in: expiresIn, token_type: 'Bearer' });
      }
      const auth = hit.headers.authorization;
      if (!auth || refused.has(auth)) return reply(401);
      if (hit.method === 'GET' && url.pathname === '/api/contracts/v2') {
        // Cursor paging: the page token is `cursor-<index of the page's first item>`.
        const start = Number(url.searchParams.get('page_token')?.replace('cursor-', '') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 1000);
        const end = Math.min(start + limit, TOTAL);
        const items = Array.from({ length: end - start }, (_, k) => contract(start + k));
        return reply(200, { items, ...(end < TOTAL ? { next_page_token: `cursor-${end}` } : {}), ...(start > 0 ? { prev_page_token: `cursor-${Math.max(0, start - limit)}` } : {}) });
      }
      if (hit.method === 'GET' && url.pathname === `/api/contracts/v2/${CONTRACT_ID}`) {
        return reply(200, { ...contract(0), contract_id: CONTRACT_ID, rendering_provider_ids: [CONTRACT_ID] });
      }
      return reply(404, { errorName: 'EntityNotFoundError', content: { id: url.pathname } });
    },
  });
  beforeEach(() => {
    minted = 0;
    expiresIn = 3600;
    tokenStatus = 200;
    refused.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const tokenHits = (): RecordedRequest[] => server.requests.filter((h) => h.url === '/api/auth/v2/token');
  const apiHits = (): RecordedRequest[] => server.requests.filter((h) => h.url.startsWith('/api/contracts/'));
  const withCredentials = (): CandidClient => createCandidClient({ clientId: 'client-id', clientSecret: CLIENT_SECRET, baseUrl: server.url, maxRetries: 0 });

  it('listAllContracts follows next_page_token and keeps the filters on every page', async () => {
    const client = createCandidClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0 });
    const ids: string[] = [];
    for await (const c of listAllContracts(client, { limit: 2, states: ['CA', 'NY'], contract_status: 'effective' })) {
      ids.push(c.contract_id);
      if (ids.length > TOTAL * 2) break;
    }
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => contract(i).contract_id));
    const queries = apiHits().map((h) => new URL(h.url, server.url).searchParams);
    expect(queries.map((q) => q.get('page_token'))).toEqual([null, 'cursor-2', 'cursor-4']);
    expect(queries.map((q) => [q.get('limit'), q.getAll('states').join(','), q.get('contract_status')])).toEqual([
      ['2', 'CA,NY', 'effective'],
      ['2', 'CA,NY', 'effective'],
      ['2', 'CA,NY', 'effective'],
    ]);
  });

  it('array query parameters are sent as repeated keys', async () => {
    const client = createCandidClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0 });
    const providers = [CONTRACT_ID, '0b9f1c1e-5a4b-4c1d-9e8f-0123456789ab'];
    await client.listContracts({ rendering_provider_ids: providers, payer_names: ['Aetna', 'Blue Cross'], states: ['CA', 'NY'] });
    const raw = apiHits()[0]?.url ?? '';
    expect(raw).toContain(`rendering_provider_ids=${providers[0]}&rendering_provider_ids=${providers[1]}`);
    expect(raw).toMatch(/payer_names=Aetna&payer_names=Blue(%20|\+)Cross/);
    expect(raw).toContain('states=CA&states=NY');
    expect(raw).not.toMatch(/%2C|,|%5B|\[/); // no comma-joined values, no `states[]=`
  });

  it('the first call mints a token from client_id and client_secret; later calls reuse it', async () => {
    const client = withCredentials();
    await client.getContract(contractPath);
    await client.listContracts();
    expect(tokenHits()).toHaveLength(1);
    const [tokenRequest] = tokenHits();
    expect(tokenRequest?.headers['content-type']).toContain('application/json');
    expect(tokenRequest?.headers.authorization).toBeUndefined();
    expect(JSON.parse(tokenRequest?.body ?? '{}')).toEqual({ client_id: 'client-id', client_secret: CLIENT_SECRET });
    expect(apiHits().map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
  });

  it('concurrent first calls share one token request', async () => {
    const client = withCredentials();
    await Promise.all(Array.from({ length: 5 }, () => client.getContract(contractPath)));
    expect(tokenHits()).toHaveLength(1);
    expect(apiHits()).toHaveLength(5);
  });

  it('the token is refreshed shortly before expires_in runs out (not after the 5-hour fallback)', async () => {
    expiresIn = 600;
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const client = withCredentials();
    await client.getContract(contractPath);
    vi.setSystemTime(start + 500_000); // 100 s before expiry: still used
    await client.getContract(contractPath);
    expect(tokenHits()).toHaveLength(1);
    vi.setSystemTime(start + 590_000); // 10 s before expiry: refreshed first
    await client.getContract(contractPath);
    expect(tokenHits()).toHaveLength(2);
    expect(apiHits().map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('a 401 gets one refresh and one retry', async () => {
    const client = withCredentials();
    await client.getContract(contractPath);
    refused.add('Bearer tok-1'); // the token expired early or was revoked
    const data = await client.getContract(contractPath);
    expect(data.contract_id).toBe(CONTRACT_ID);
    expect(tokenHits()).toHaveLength(2);
    expect(apiHits().map((h) => h.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('a 401 that persists after the refresh rejects, not retried again', async () => {
    const client = withCredentials();
    refused.add('Bearer tok-1').add('Bearer tok-2').add('Bearer tok-3');
    const thrown = await rejection(client.getContract(contractPath));
    expect(thrown).toMatchObject({ status: 401, kind: 'unauthorized' });
    expect(tokenHits()).toHaveLength(2);
    expect(apiHits()).toHaveLength(2);
  });

  it('a static token is sent as is and nothing is minted', async () => {
    const client = createCandidClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0 });
    await client.getContract(contractPath);
    await client.listContracts();
    expect(tokenHits()).toHaveLength(0);
    expect(apiHits().map((h) => h.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('a throttled token request is a CareApiAuthError that does not show the secret', async () => {
    tokenStatus = 429;
    const client = withCredentials();
    const thrown = await client.getContract(contractPath).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiAuthError);
    expect(thrown).toMatchObject({ status: 429 });
    expect(String(thrown)).not.toContain(CLIENT_SECRET);
    expect(apiHits()).toHaveLength(0);
  });
});
