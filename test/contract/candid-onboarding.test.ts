/**
 * Provider onboarding with @careapis/candid, through the path-level client (`rawClient`), against
 * a Prism mock of specs/candid.yaml (request validation on): organization provider → credentialing
 * span → Contracts V3 contract with that provider → one more rendering provider. Each step sends
 * what the step before returned, and the mock checks every request against the spec; the second
 * part shows the mock refusing bodies that break the spec's rules (conditional names, unions,
 * sets). A node:http server on loopback then shows the new cursor paginator walking real pages.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createCandidClient, listAllOrganizationProviders, rawClient, type RawClient, type Schemas, type paths } from '@careapis/candid';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';

const TOKEN = 'candid-onboarding-token-91c2';
const BILLING = 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32';
const PAYER = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SECOND_PROVIDER = '4b6d8f0a-2c4e-4a6b-8d0f-1a3c5e7a9b1d';

const individual = {
  npi: '1234567893',
  is_rendering: true,
  is_billing: false,
  provider_type: 'INDIVIDUAL',
  first_name: 'Ada',
  last_name: 'Lovelace',
  license_type: 'MD',
  qualifications: [{ identifier_code: 'MCR', identifier_value: { type: 'medicare_provider_identifier', state: 'CA', provider_number: 'A12345' } }],
} satisfies Schemas['OrganizationProviderCreateV2'];

const contractTerms = {
  effective_date: '2024-03-01',
  regions: { type: 'states', states: ['CA'] },
  commercial_insurance_types: { type: 'allApply' },
  medicare_insurance_types: { type: 'noneApply' },
  medicaid_insurance_types: { type: 'noneApply' },
} satisfies Partial<Schemas['ProfessionalContractCreate']>;

describe('candid onboarding (Prism)', () => {
  let mock: MockServer;
  let candid: RawClient<paths>;

  beforeAll(async () => {
    mock = await startMock('candid');
    candid = rawClient(createCandidClient({ token: TOKEN, baseUrl: mock.url, maxRetries: 0 }));
  });
  afterAll(() => mock?.close());

  it('organization provider → credentialing span → contract v3 with that provider → add a rendering provider', async () => {
    // 1. The provider.
    const created = await candid.POST('/api/organization-providers/v3', { body: individual });
    expect(created.error, mock.output()).toBeUndefined();
    expect(created.response.status).toBe(200);
    expectTypeOf(created.data).toEqualTypeOf<Schemas['OrganizationProviderV2'] | undefined>();
    const providerId = created.data?.organization_provider_id ?? '';
    expect(providerId).toMatch(/^[0-9a-f-]{36}$/);

    // 2. Its credentialing span with the payer, under the billing provider.
    const span = await candid.POST('/api/provider-credentialing-span/v2', {
      body: { rendering_provider_id: providerId, contracting_provider_id: BILLING, payer_uuid: PAYER, regions: { type: 'states', states: ['CA'] }, start_date: '2024-02-01' },
    });
    expect(span.error, mock.output()).toBeUndefined();
    expect(span.data?.rendering_provider.organization_provider_id).toBe(providerId);
    expect(span.data?.credentialing_status).toBe('pending');

    // 3. A professional contract with the provider as rendering provider.
    const contract = await candid.POST('/api/contracts/v3', {
      body: { type: 'professional', contract_type: 'professional', contracting_provider_id: BILLING, payer_uuid: PAYER, rendering_provider_ids: [providerId], ...contractTerms },
    });
    expect(contract.error, mock.output()).toBeUndefined();
    const data = contract.data;
    expectTypeOf(data).toEqualTypeOf<Schemas['ContractWithProvidersUnion'] | undefined>();
    if (data?.type !== 'professional') throw new Error(`expected a professional contract, got ${JSON.stringify(data)}`);
    expectTypeOf(data).toEqualTypeOf<Schemas['ProfessionalContract']>();
    expect(data.rendering_provider_ids).toEqual([providerId]);

    // 4. One more rendering provider, added in bulk to the contract.
    const added = await candid.POST('/api/contracts/v3/{contract_id}/providers', {
      params: { path: { contract_id: data.contract_id } },
      body: { rendering_provider_ids: [SECOND_PROVIDER] },
    });
    expect(added.error, mock.output()).toBeUndefined();
    expect(added.data).toEqual({ provider_count: 2, added_count: 1, ignored_count: 0 });

    // The contract's providers, each with its credentialing spans for the contract's billing provider and payer.
    const credentialing = await candid.GET('/api/contracts/v3/{contract_id}/providers/credentialing', { params: { path: { contract_id: data.contract_id }, query: { limit: 100 } } });
    expect(credentialing.error, mock.output()).toBeUndefined();
    const [first] = credentialing.data?.items ?? [];
    expect(first?.provider.organization_provider_id).toBe(providerId);
    expect(first?.credentialing_spans[0]?.contracting_provider.organization_provider_id).toBe(BILLING);
  });

  it('an institutional contract names its service facilities, then gets one more', async () => {
    const contract = await candid.POST('/api/contracts/v3', {
      body: { type: 'institutional', contract_type: 'institutional', contracting_provider_id: BILLING, payer_uuid: PAYER, contract_service_facilities: [{ service_facility_id: '30f55ee6-8c0e-43fc-a7fc-dac00d5bf569', provider_ids: [SECOND_PROVIDER] }], ...contractTerms },
    });
    expect(contract.error, mock.output()).toBeUndefined();
    const facility = await candid.POST('/api/contracts/v3/{contract_id}/service-facilities', {
      params: { path: { contract_id: contract.data?.contract_id ?? '' } },
      body: { service_facility_id: '30f55ee6-8c0e-43fc-a7fc-dac00d5bf569', provider_ids: [SECOND_PROVIDER] },
    });
    expect(facility.error, mock.output()).toBeUndefined();
    expect(facility.data?.contract_service_facility_id).toBeTruthy();
  });

  it('a provider document goes up as multipart/form-data and comes back as a signed URL', async () => {
    const upload = await candid.PUT('/api/organization-providers/v3/{organization_provider_id}/attachments', {
      params: { path: { organization_provider_id: '7c0e1a8e-4a53-4a1e-9f0a-2d8f6b1c3e01' } },
      body: { attachment_file: new Blob(['%PDF-1.7 w9'], { type: 'application/pdf' }), file_type: 'W9' },
    });
    expect(upload.error, mock.output()).toBeUndefined();
    expect(upload.response.status).toBe(200);
    const attachmentId = upload.data ?? '';
    const download = await candid.GET('/api/organization-providers/v3/attachments/download', { params: { query: { attachment_id: attachmentId } } });
    expect(download.error, mock.output()).toBeUndefined();
    expect(download.data?.signed_download_url).toMatch(/^https:\/\//);
    // A file type outside the three is refused.
    const wrongType = await candid.PUT('/api/organization-providers/v3/{organization_provider_id}/attachments', {
      params: { path: { organization_provider_id: '7c0e1a8e-4a53-4a1e-9f0a-2d8f6b1c3e01' } },
      body: { attachment_file: new Blob(['x']), file_type: 'PASSPORT' as Schemas['ProviderAttachmentFileType'] },
    });
    expect(wrongType.response.status).toBe(422);
  });

  it('the provider rules: names by provider type, a tax ID for billing providers, a 10-digit NPI', async () => {
    const refused: Array<[string, unknown]> = [
      ['individual without last_name', { ...individual, last_name: undefined }],
      ['individual with organization_name', { ...individual, organization_name: 'Lovelace Health PC' }],
      ['organization with first_name', { ...individual, provider_type: 'ORGANIZATION', last_name: undefined, organization_name: 'Lovelace Health PC' }],
      ['organization without organization_name', { ...individual, provider_type: 'ORGANIZATION', first_name: undefined, last_name: undefined }],
      ['billing provider without tax_id', { ...individual, is_billing: true }],
      ['NPI of 9 digits', { ...individual, npi: '123456789' }],
      ['qualification with an unknown tag', { ...individual, qualifications: [{ identifier_code: 'MCR', identifier_value: { type: 'dea_number', state: 'CA', provider_number: 'x' } }] }],
    ];
    for (const [what, body] of refused) {
      const { response } = await candid.POST('/api/organization-providers/v3', { body: body as Schemas['OrganizationProviderCreateV2'] });
      expect(response.status, what).toBe(422);
    }
    // The same rules accept an organization with its name and a billing provider with its tax ID.
    const organization = { npi: '1245319599', is_rendering: false, is_billing: true, provider_type: 'ORGANIZATION', organization_name: 'Lovelace Health PC', tax_id: '123456789', license_type: 'UNKNOWN', qualifications: [] } satisfies Schemas['OrganizationProviderCreateV2'];
    const { error, response } = await candid.POST('/api/organization-providers/v3', { body: organization });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it('the credentialing and contract unions refuse members that do not exist', async () => {
    const span = { rendering_provider_id: SECOND_PROVIDER, contracting_provider_id: BILLING, payer_uuid: PAYER, regions: { type: 'national' } } satisfies Schemas['ProviderCredentialingSpanCreate'];
    const badSpans: unknown[] = [
      { ...span, regions: undefined },
      { ...span, regions: { type: 'states' } },
      { ...span, regions: { type: 'worldwide' } },
      { ...span, start_date: 'next week' },
    ];
    for (const body of badSpans) {
      const { response } = await candid.POST('/api/provider-credentialing-span/v2', { body: body as Schemas['ProviderCredentialingSpanCreate'] });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    const professional = { type: 'professional', contract_type: 'professional', contracting_provider_id: BILLING, payer_uuid: PAYER, rendering_provider_ids: [SECOND_PROVIDER], ...contractTerms } satisfies Schemas['ProfessionalContractCreate'];
    const badContracts: unknown[] = [
      { ...professional, type: 'facility' },
      { ...professional, rendering_provider_ids: undefined },
      { ...professional, type: 'institutional' }, // an institutional contract needs contract_service_facilities
      { ...professional, contract_type: 'hybrid' },
    ];
    for (const body of badContracts) {
      const { response } = await candid.POST('/api/contracts/v3', { body: body as Schemas['ContractCreateUnion'] });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    const contract = { params: { path: { contract_id: 'e2c4a6b8-0d1f-4e3a-9b5c-7d9e1f3a5b7c' } } };
    expect((await candid.POST('/api/contracts/v3/{contract_id}/providers', { ...contract, body: { rendering_provider_ids: [SECOND_PROVIDER, SECOND_PROVIDER] } })).response.status).toBe(422);
    expect((await candid.POST('/api/contracts/v3/{contract_id}/providers', { ...contract, body: { rendering_provider_ids: [] } })).response.status).toBe(422);
    expect((await candid.PATCH('/api/contracts/v3/{contract_id}', { ...contract, body: { type: 'professional', expiration_date: { type: 'clear' } } as unknown as Schemas['ContractUpdateUnion'] })).response.status).toBe(422);
  });

  it('typed errors: removing a provider that is not on the contract is a 404 EntityNotFoundError; a refused span update narrows on errorName', async () => {
    const removed = await candid.DELETE('/api/contracts/v3/{contract_id}/providers', {
      params: { path: { contract_id: 'e2c4a6b8-0d1f-4e3a-9b5c-7d9e1f3a5b7c' } },
      body: { rendering_provider_ids: [SECOND_PROVIDER] },
      headers: { Prefer: 'code=404' },
    });
    expect(removed.response.status).toBe(404);
    expect(removed.error?.errorName).toBe('EntityNotFoundError');

    const refused = await candid.PATCH('/api/provider-credentialing-span/v2/{provider_credentialing_id}', {
      params: { path: { provider_credentialing_id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } },
      body: { end_date: '2020-01-01' },
      headers: { Prefer: 'code=422' },
    });
    expect(refused.response.status).toBe(422);
    const error = refused.error;
    const fields = error?.errorName === 'HttpRequestValidationsError' ? error.content.map((e) => e.fieldName) : [];
    expect(fields).toEqual(['end_date']);

    const forbidden = await candid.GET('/api/provider-credentialing-span/v2', { headers: { Prefer: 'code=403' } });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error?.errorName).toBe('UnauthorizedError');
  });
});

describe('candid paginator over real pages (loopback)', () => {
  const TOTAL = 5;
  /** An organization provider numbered `i`. */
  const provider = (i: number): Schemas['OrganizationProviderV2'] => ({
    organization_provider_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    npi: String(1_000_000_000 + i),
    is_rendering: true,
    is_billing: false,
    provider_type: 'INDIVIDUAL',
    first_name: `First${i}`,
    last_name: `Last${i}`,
    license_type: 'MD',
    qualifications: [],
  });
  const server = useLoopbackServer({
    respond: (hit) => {
      const url = new URL(hit.url, 'http://127.0.0.1');
      if (hit.method !== 'GET' || url.pathname !== '/api/organization-providers/v3') return reply(404);
      const start = Number(url.searchParams.get('page_token')?.replace('p-', '') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const end = Math.min(start + limit, TOTAL);
      return reply(200, { items: Array.from({ length: end - start }, (_, k) => provider(start + k)), ...(end < TOTAL ? { next_page_token: `p-${end}` } : {}) });
    },
  });

  it('listAllOrganizationProviders follows next_page_token and keeps the filters on every page', async () => {
    const client = createCandidClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0 });
    const ids: string[] = [];
    for await (const p of listAllOrganizationProviders(client, { limit: 2, is_rendering: true, sort: 'npi:asc' })) {
      ids.push(p.organization_provider_id);
      if (ids.length > TOTAL * 2) break;
    }
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => provider(i).organization_provider_id));
    const queries = server.requests.map((h) => new URL(h.url, server.url).searchParams);
    expect(queries.map((q) => q.get('page_token'))).toEqual([null, 'p-2', 'p-4']);
    expect(queries.every((q) => q.get('limit') === '2' && q.get('is_rendering') === 'true' && q.get('sort') === 'npi:asc')).toBe(true);
  });
});
