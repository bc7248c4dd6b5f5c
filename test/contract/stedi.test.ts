/** @careapis/stedi against a Prism mock of specs/stedi.yaml, request validation on. */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  CareApiError,
  createStediBase,
  createStediClient,
  getProvider,
  isCareApiError,
  listAllProviders,
  listProviders,
  rawClient,
  unwrap,
  type CreateProviderError,
  type CreateProviderRequest,
  type ErrorResponse,
  type GetProviderError,
  type operations,
  type Provider,
  type StediClient,
  type ValidationErrorResponse,
} from '@careapis/stedi';
import { reply, startLoopbackServer } from '../support/loopback-server.js';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { rejection, violatedAt } from './rejection.js';

let mock: MockServer;
let stedi: StediClient;

beforeAll(async () => {
  mock = await startMock('stedi');
  stedi = createStediClient({ apiKey: 'test-api-key', baseUrl: mock.url, maxRetries: 0 });
});
afterAll(() => mock?.close());

const PROVIDER_ID = '10334e76-f073-4b5d-8984-81d8e5107857';
const contact = { firstName: 'Test', lastName: 'Tester', email: 'bob@fortdental.center', phone: '5551234567', streetAddress1: '123 Some Str', city: 'A City', state: 'WA', zipCode: '12345' } as const;

describe('stedi contract', () => {
  it('listProviders sends repeated array keys and gets a typed page', async () => {
    const { data, response } = await stedi.listProviders({ pageSize: 10, providerNpis: ['1999999992', '1234567893'] }).withResponse();
    expect(response.status).toBe(200);
    expect(new URL(response.url).search).toBe('?pageSize=10&providerNpis=1999999992&providerNpis=1234567893');
    expect(Array.isArray(data.items)).toBe(true);
    expect(data.items[0]?.npi).toMatch(/^\d{10}$/);
  });

  it('createProvider with the seed body', async () => {
    const data = await stedi.createProvider({ body: { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN', contacts: [contact] } });
    expectTypeOf(data).toEqualTypeOf<Provider>();
    expect(data.id).toBeTruthy();
  });

  it('getProvider', async () => {
    const data = await stedi.getProvider({ providerId: PROVIDER_ID });
    expect(data.npi).toMatch(/^\d{10}$/);
  });

  it('updateProvider with the seed body', async () => {
    const { response } = await stedi.updateProvider({ providerId: PROVIDER_ID, body: { name: 'TEST Updated Dental Inc', contacts: [contact] } }).withResponse();
    expect(response.status).toBe(200);
  });

  it('deleteProvider', async () => {
    const { data, response } = await stedi.deleteProvider({ providerId: PROVIDER_ID }).withResponse();
    expect(response.status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<undefined>();
    expect(data).toBeUndefined();
  });

  it('listAllProviders iterates every item', async () => {
    const ids: string[] = [];
    for await (const provider of listAllProviders(stedi, { pageSize: 5 })) ids.push(provider.id);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('an invalid body is rejected by the server and surfaces as a typed CareApiError', async () => {
    // npi too short, taxId with dashes, a contact with neither organizationName nor firstName+lastName.
    const error = await rejection<CreateProviderError>(
      stedi.createProvider({
        body: { name: 'BDQ Dental Inc', npi: '123', taxId: '555-12-3456', taxIdType: 'EIN', contacts: [{ ...contact, firstName: undefined, lastName: undefined } as unknown as typeof contact] },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.kind).toBe('badRequest');
    expect(error.headers['sl-violations']).toContain('npi');
    if (error.status !== 400) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<ValidationErrorResponse>();
    expect(typeof error.body.message).toBe('string');
    expect(error.vendorMessage).toBe(error.body.message);

    const thrown = await rejection(stedi.createProvider({ body: { name: 'BDQ Dental Inc', npi: '123', taxId: '555123456', taxIdType: 'EIN' } }));
    expect(thrown).toMatchObject({ vendor: 'stedi', operationId: 'createProvider', status: 400, attempts: 1 });
    expect(`${String(thrown)} ${JSON.stringify(thrown)}`).not.toContain('test-api-key');
  });

  it('the raw client still gives the { data, error, response } result, and unwrap turns it into a CareApiError', async () => {
    const body = { name: 'BDQ Dental Inc', npi: '123', taxId: '555-12-3456', taxIdType: 'EIN' } as const;
    const result = await rawClient(stedi).POST('/providers', { body });
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(400);
    expect(result.response.headers.get('sl-violations')).toContain('npi');
    expect(typeof result.error?.message).toBe('string');
    const thrown = await unwrap(rawClient(stedi).POST('/providers', { body })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ vendor: 'stedi', operationId: 'createProvider', status: 400, attempts: 1 });
    const ok = await unwrap(rawClient(stedi).GET('/providers/{providerId}', { params: { path: { providerId: PROVIDER_ID } } }));
    expect(ok.npi).toMatch(/^\d{10}$/);
  });

  it('sends the raw API key in Authorization (no Bearer), which the mock requires', async () => {
    const seen = await startLoopbackServer({ respond: () => reply(200, { items: [] }) });
    try {
      await createStediClient({ apiKey: 'test-api-key', baseUrl: seen.url, maxRetries: 0 }).listProviders();
      expect(seen.requests[0]?.headers.authorization).toBe('test-api-key');
    } finally {
      await seen.close();
    }
    // And Prism, from the spec's security scheme, refuses the same call without it.
    const refused = await rejection(createStediClient({ apiKey: 'test-api-key', baseUrl: mock.url, maxRetries: 0 }).listProviders({}, { headers: { authorization: null } }));
    expect(refused.status).toBe(401);
  });
});

describe('stedi flat arguments, each in its place (Prism validates the request)', () => {
  it('path: providerId fills the {providerId} segment', async () => {
    const { data, response } = await stedi.getProvider({ providerId: PROVIDER_ID }).withResponse();
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${mock.url}/providers/${PROVIDER_ID}`);
    expect(typeof data.id).toBe('string');
  });

  it('query: pageSize, filter and the list filters go to the query string, where Prism checks them', async () => {
    const { response } = await stedi.listProviders({ pageSize: 500, filter: 'OS', providerTaxIds: ['555123456', '111223333'] }).withResponse();
    expect(response.status).toBe(200);
    expect(new URL(response.url).search).toBe('?pageSize=500&filter=OS&providerTaxIds=555123456&providerTaxIds=111223333');
    // Over the spec's maximum: Prism refuses it as a query parameter, so that is where it went
    // (Prism reports parameter names in lower case).
    const error = await rejection(stedi.listProviders({ pageSize: 501 }));
    expect(error.status).toBe(400);
    expect(violatedAt(error)).toEqual(['query.pagesize']);
  });

  it('body: the request body goes under `body`, where Prism checks it', async () => {
    const body = { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN', contacts: [contact] } satisfies CreateProviderRequest;
    const created = await stedi.createProvider({ body });
    expect(created.npi).toMatch(/^\d{10}$/);
    const error = await rejection(stedi.createProvider({ body: { ...body, npi: '19999' } }));
    expect(error.status).toBe(400);
    expect(violatedAt(error)).toEqual(['body.npi']);
  });

  it('path and body together: updateProvider', async () => {
    const { data, response } = await stedi.updateProvider({ providerId: PROVIDER_ID, body: { name: 'TEST Updated Dental Inc', contacts: [contact] } }).withResponse();
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${mock.url}/providers/${PROVIDER_ID}`);
    expect(typeof data.name).toBe('string');
  });

  it('the single-operation functions take the same arguments', async () => {
    const base = createStediBase({ apiKey: 'test-api-key', baseUrl: mock.url, maxRetries: 0 });
    expect((await getProvider(base, { providerId: PROVIDER_ID })).npi).toMatch(/^\d{10}$/);
    const { response } = await listProviders(base, { pageSize: 2 }).withResponse();
    expect(new URL(response.url).search).toBe('?pageSize=2');
  });
});

describe('stedi HTTP errors', () => {
  it('a 404 rejects with a CareApiError carrying status, kind, the vendor message and the typed body', async () => {
    const error = await rejection<GetProviderError>(stedi.getProvider({ providerId: PROVIDER_ID }, { headers: { Prefer: 'code=404' } }));
    expect(error).toMatchObject({ name: 'CareApiError', vendor: 'stedi', operationId: 'getProvider', status: 404, kind: 'notFound', attempts: 1 });
    if (error.status !== 404) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<ErrorResponse>();
    expect(typeof error.body.message).toBe('string');
    expect(error.vendorMessage).toContain(error.body.message);
    expect(error.message).toContain('stedi.getProvider failed with HTTP 404');
    expect(error.headers['content-type']).toContain('application/json');
  });

  it('isCareApiError narrows the caught error per operation and status', async () => {
    const caught = await stedi.getProvider({ providerId: PROVIDER_ID }, { headers: { Prefer: 'code=401' } }).catch((e: unknown) => e);
    expect(isCareApiError<operations['getProvider']>(caught, 'getProvider')).toBe(true);
    expect(isCareApiError(caught, 'listProviders')).toBe(false);
    if (!isCareApiError<operations['getProvider']>(caught, 'getProvider') || caught.status !== 401) throw new Error(`expected the 401, got ${String(caught)}`);
    expectTypeOf(caught.body).toEqualTypeOf<ErrorResponse>();
    expect(caught.kind).toBe('unauthorized');
    expect(typeof caught.body.message).toBe('string');
  });
});
