/**
 * Candid's official SDK (`candidhealth` 1.33) against a Prism mock of specs/candid.yaml, request
 * validation on: every operation of the spec is called through the SDK's own client. The mock
 * accepting the SDK's requests shows our spec takes what Candid's client sends; the SDK's own
 * response and error schemas parsing the mock's answers (the spec's examples) shows our responses
 * have Candid's wire format. The SDK's requests are recorded on their way to the real `fetch`, and
 * the last test checks that together they reached every operation of the spec.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CandidApi, CandidApiClient } from 'candidhealth';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';

const SPEC = parse(readFileSync(resolve(import.meta.dirname, '../../specs/candid.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the spec as `METHOD /path/{template}`. */
const specOperations = Object.entries(SPEC.paths).flatMap(([path, item]) => METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`));

/** The spec operation a request went to, by the most specific path template that matches. */
function operationOf(method: string, pathname: string): string | undefined {
  const matches = specOperations.filter((op) => {
    const [m, template = ''] = op.split(' ');
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return m === method && pattern.test(pathname);
  });
  // A literal segment beats a template (`/attachments/download` over `/{organization_provider_id}`).
  return matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

/** What the SDK sent and what came back, recorded on the way to the real `fetch`. */
const sent: { operation: string | undefined; status: number }[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const response = await fetch(input, init);
  sent.push({ operation: operationOf(request.method, new URL(request.url).pathname), status: response.status });
  return response;
};

// IDs as the SDK brands them.
const PROVIDER = CandidApi.organizationProviders.v2.OrganizationProviderId('7c0e1a8e-4a53-4a1e-9f0a-2d8f6b1c3e01');
const BILLING = 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32';
const PAYER = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const ATTACHMENT = CandidApi.organizationProviders.v3.ProviderAttachmentId('0a9b8c7d-6e5f-4a4b-9c3d-2e1f0a9b8c7d');
const SPAN = CandidApi.ProviderCredentialingSpanId('9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d');
const FACILITY_SPAN = CandidApi.credentialing.v2.FacilityCredentialingSpanId('1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f');
const FACILITY = '30f55ee6-8c0e-43fc-a7fc-dac00d5bf569';
const CONTRACT_V2 = CandidApi.contracts.v2.ContractId('d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32');
const CONTRACT_V3 = CandidApi.contracts.v3.ContractId('e2c4a6b8-0d1f-4e3a-9b5c-7d9e1f3a5b7c');
const CONTRACT_FACILITY = CandidApi.contracts.v3.ContractServiceFacilityId('f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b');
const RENDERING = CandidApi.contracts.v3.RenderingProviderid('4b6d8f0a-2c4e-4a6b-8d0f-1a3c5e7a9b1d');

const contractTerms = {
  effectiveDate: CandidApi.Date_('2024-03-01'),
  regions: { type: 'states', states: ['CA'] },
  commercialInsuranceTypes: { type: 'allApply' },
  medicareInsuranceTypes: { type: 'theseApply', value: new Set(['MA', 'MB'] as const) },
  medicaidInsuranceTypes: { type: 'noneApply' },
} satisfies CandidApi.contracts.v2.ContractBase;

/** The body of a successful SDK call, failing the test with the SDK's error otherwise. */
function ok<T>(result: { ok: true; body: T } | { ok: false; error: unknown; rawResponse: { status: number } }): T {
  if (!result.ok) throw new Error(`SDK call failed with ${result.rawResponse.status}: ${JSON.stringify(result.error)}`);
  return result.body;
}

describe('the candidhealth SDK against the Prism mock of our spec', () => {
  let mock: MockServer;
  let sdk: CandidApiClient;
  const prefer = (code: number) => ({ headers: { Prefer: `code=${code}` } });

  beforeAll(async () => {
    mock = await startMock('candid');
    sdk = new CandidApiClient({ baseUrl: mock.url, clientId: 'sdk-client-id', clientSecret: 'sdk-client-secret', maxRetries: 0, fetch: recordingFetch });
  });
  afterAll(() => mock?.close());

  describe('auth', () => {
    it('getToken', async () => {
      const token = ok(await sdk.auth.default.getToken({ clientId: 'sdk-client-id', clientSecret: 'sdk-client-secret' }));
      expect(token.tokenType).toBe('Bearer');
      expect(token.expiresIn).toBeGreaterThan(0);
    });
  });

  describe('organization providers v3', () => {
    const api = () => sdk.organizationProviders.v3;

    it('create: an individual with a Medicare qualification', async () => {
      const provider = ok(
        await api().create({
          npi: '1234567893',
          isRendering: true,
          isBilling: false,
          providerType: 'INDIVIDUAL',
          firstName: 'Ada',
          lastName: 'Lovelace',
          licenseType: 'MD',
          addresses: [{ address: { address1: '123 Main St', city: 'San Francisco', state: 'CA', zipCode: '94105', zipPlusFourCode: '1234' }, addressType: 'DEFAULT' }],
          employmentStartDate: '2024-01-15',
          qualifications: [{ identifierCode: 'MCR', identifierValue: { type: 'medicare_provider_identifier', state: 'CA', providerNumber: 'A12345' }, period: { startDate: CandidApi.Date_('2024-01-15') } }],
        }),
      );
      expect(provider.organizationProviderId).toBe(PROVIDER);
      const value = provider.qualifications[0]?.identifierValue;
      expect(value?.type === 'medicare_provider_identifier' ? value.providerNumber : undefined).toBe('A12345');
    });

    it('create: an NPI that is not 10 digits is refused; the 422 example parses as HttpRequestValidationError', async () => {
      const body = { npi: '1234567893', isRendering: true, isBilling: false, providerType: 'INDIVIDUAL', firstName: 'A', lastName: 'L', licenseType: 'MD', qualifications: [] } satisfies CandidApi.organizationProviders.v3.OrganizationProviderCreateV2;
      const shortNpi = await api().create({ ...body, npi: '123' });
      // Prism's own validation answer: a 422 whose body is no Candid error, so the SDK reports it as unknown.
      expect(shortNpi.ok ? 0 : shortNpi.rawResponse.status).toBe(422);
      const invalid = await api().create(body, prefer(422));
      expect(invalid.ok || invalid.error.errorName !== 'HttpRequestValidationError' ? undefined : invalid.error.content.fieldName).toBe('npi');
    });

    it('get, and its 404 as EntityNotFoundError', async () => {
      const provider = ok(await api().get(PROVIDER));
      expect(provider.providerType).toBe('ORGANIZATION');
      const missing = await api().get(PROVIDER, prefer(404));
      expect(missing.ok ? undefined : missing.error.errorName).toBe('EntityNotFoundError');
    });

    it('getMulti with every filter', async () => {
      const page = ok(
        await api().getMulti({
          limit: 10,
          searchTerm: 'lovelace',
          npi: '1234567893',
          isRendering: true,
          isBilling: false,
          organizationProviderIds: [PROVIDER, CandidApi.organizationProviders.v2.OrganizationProviderId(BILLING)],
          pageToken: CandidApi.PageToken('eyJ0b2tlbiI6IjEiLCJwYWdlX3Rva2VuIjoiMiJ9'),
          sort: 'npi:desc',
          organizationId: CandidApi.OrganizationId('2b4d6f8a-0c2e-4a6b-8d0f-2a4c6e8a0b2d'),
        }),
      );
      expect(page.items).toHaveLength(1);
      expect(page.nextPageToken).toBeUndefined();
    });

    it('update with one qualification edit of each kind; its 422 as UpdatesDisabledDueToExternalSystemIntegrationError', async () => {
      const body: CandidApi.organizationProviders.v3.OrganizationProviderUpdateV2 = {
        taxonomyCode: '207R00000X',
        employmentTerminationDate: CandidApi.Date_('2026-12-31'),
        qualifications: [
          { type: 'add', identifierCode: 'MCD', identifierValue: { type: 'medicaid_provider_identifier', state: 'CA', providerNumber: 'MCD998877' } },
          { type: 'update', identifierId: CandidApi.IdentifierId('5a7c9e1b-3d5f-4a6b-8c0d-2e4f6a8b0c1d'), period: { type: 'date_range', startDate: CandidApi.Date_('2024-01-15'), endDate: CandidApi.Date_('2026-12-31') } },
          { type: 'update', identifierId: CandidApi.IdentifierId('5a7c9e1b-3d5f-4a6b-8c0d-2e4f6a8b0c1d'), period: { type: 'remove' } },
          { type: 'remove', value: CandidApi.IdentifierId('6b8d0f2a-4c6e-4f8a-9b1c-3d5e7f9a1b2c') },
        ],
      };
      const updated = ok(await api().update(PROVIDER, body));
      expect(updated.qualifications).toHaveLength(2);
      const refused = await api().update(PROVIDER, body, prefer(422));
      expect(refused.ok ? undefined : refused.error.errorName).toBe('UpdatesDisabledDueToExternalSystemIntegrationError');
    });

    it('uploadAttachment (multipart) returns the attachment ID', async () => {
      const file = new File(['%PDF-1.7 w9'], 'w9.pdf', { type: 'application/pdf' });
      const id = ok(await api().uploadAttachment(file, PROVIDER, { fileType: 'W9' }));
      expect(id).toBe(ATTACHMENT);
    });

    it('listAttachments parses the uploader (two nested unions) and the date-time', async () => {
      const [attachment] = ok(await api().listAttachments(PROVIDER));
      expect(attachment?.createdAt).toBeInstanceOf(Date);
      expect(attachment?.createdBy.userMetadata.type).toBe('human_user_metadata');
      expect(attachment?.createdBy.idpMetadata[0]?.type).toBe('auth_zero_metadata');
    });

    it('downloadAttachment returns a signed URL', async () => {
      const { signedDownloadUrl } = ok(await api().downloadAttachment({ attachmentId: ATTACHMENT }));
      expect(new URL(signedDownloadUrl).protocol).toBe('https:');
    });

    it('deleteAttachment', async () => {
      ok(await api().deleteAttachment(ATTACHMENT));
    });
  });

  describe('credentialing spans v2', () => {
    const api = () => sdk.credentialing.v2;

    it('create a provider span; its 403 and 422 parse as UnauthorizedError and HttpRequestValidationsError', async () => {
      const request = { renderingProviderId: PROVIDER, contractingProviderId: BILLING, payerUuid: PAYER, startDate: '2024-02-01', regions: { type: 'states', states: ['CA'] }, submittedDate: '2024-01-10' } satisfies CandidApi.credentialing.v2.ProviderCredentialingSpanCreate;
      const span = ok(await api().create(request));
      expect(span.renderingProvider.organizationProviderId).toBe(PROVIDER);
      expect(span.credentialingStatus).toBe('pending');
      const forbidden = await api().create(request, prefer(403));
      expect(forbidden.ok ? undefined : forbidden.error.errorName).toBe('UnauthorizedError');
      const invalid = await api().create(request, prefer(422));
      expect(invalid.ok || invalid.error.errorName !== 'HttpRequestValidationsError' ? undefined : invalid.error.content[0]?.fieldName).toBe('regions');
    });

    it('get a provider span; its 404', async () => {
      expect(ok(await api().get(SPAN)).regions.type).toBe('national');
      const missing = await api().get(SPAN, prefer(404));
      expect(missing.ok ? undefined : missing.error.errorName).toBe('EntityNotFoundError');
    });

    it('getAll provider spans with every filter', async () => {
      const page = ok(await api().getAll({ limit: 5, pageToken: CandidApi.PageToken('eyJ0b2tlbiI6IjEiLCJwYWdlX3Rva2VuIjoiMiJ9'), payerUuid: PAYER, providerId: PROVIDER, asRenderingProvider: true, asContractingProvider: false }));
      expect(page.items[0]?.providerCredentialingSpanId).toBe(SPAN);
    });

    it('update a provider span; its 422 as the SDK error union', async () => {
      const body = { endDate: '2027-01-31', regions: { type: 'national' }, payerLoadedDate: '2024-02-03' } satisfies CandidApi.credentialing.v2.ProviderCredentialingSpanUpdate;
      expect(ok(await api().update(SPAN, body)).endDate).toBe('2027-01-31');
      const refused = await api().update(SPAN, body, prefer(422));
      expect(refused.ok ? undefined : refused.error.errorName).toBe('HttpRequestValidationsError');
    });

    it('delete a provider span', async () => {
      ok(await api().delete(SPAN));
    });

    it('create, get, getAll, update and delete a facility span', async () => {
      const created = ok(await api().createFacility({ serviceFacilityId: FACILITY, contractingProviderId: BILLING, payerUuid: PAYER, startDate: '2024-02-01' }));
      expect(created.serviceFacility.organizationServiceFacilityId).toBe(FACILITY);
      expect(created.serviceFacility.placeOfServiceCode).toBe('11');
      expect(ok(await api().getFacility(FACILITY_SPAN)).facilityCredentialingSpanId).toBe(FACILITY_SPAN);
      const page = ok(await api().getAllFacilities({ limit: 5, pageToken: CandidApi.PageToken('eyJ0b2tlbiI6IjEiLCJwYWdlX3Rva2VuIjoiMiJ9'), payerUuid: PAYER, contractingProviderId: BILLING, serviceFacilityId: FACILITY }));
      expect(page.items[0]?.credentialingStatus).toBe('work_in_progress');
      expect(ok(await api().updateFacility(FACILITY_SPAN, { contractingProviderId: BILLING, payerLoadedDate: '2024-02-20' })).payerLoadedDate).toBe('2024-02-20');
      ok(await api().deleteFacility(FACILITY_SPAN));
      const missing = await api().deleteFacility(FACILITY_SPAN, prefer(404));
      expect(missing.ok ? undefined : missing.error.errorName).toBe('EntityNotFoundError');
    });
  });

  describe('contracts v3', () => {
    const api = () => sdk.contracts.v3;

    it('create a professional and an institutional contract', async () => {
      const professional = ok(
        await api().create({ type: 'professional', contractType: 'professional', contractingProviderId: CandidApi.contracts.v3.ContractingProviderId(BILLING), payerUuid: PAYER, renderingProviderIds: new Set([CandidApi.contracts.v3.RenderingProviderid(PROVIDER)]), ...contractTerms }),
      );
      expect(professional.type).toBe('professional');
      expect(professional.type === 'professional' ? [...professional.renderingProviderIds] : []).toEqual([PROVIDER]);
      const institutional = await api().create({
        type: 'institutional',
        contractType: 'institutional',
        contractingProviderId: CandidApi.contracts.v3.ContractingProviderId(BILLING),
        payerUuid: PAYER,
        contractServiceFacilities: [{ serviceFacilityId: FACILITY, providerIds: new Set([PROVIDER]) }],
        ...contractTerms,
        regions: { type: 'national' },
      });
      expect(institutional.ok).toBe(true);
    });

    it('get: an institutional contract with its service facilities; its 404', async () => {
      const contract = ok(await api().get(CONTRACT_V3));
      expect(contract.type).toBe('institutional');
      expect(contract.type === 'institutional' ? contract.contractServiceFacilities[0]?.contractServiceFacilityId : undefined).toBe(CONTRACT_FACILITY);
      const missing = await api().get(CONTRACT_V3, prefer(404));
      expect(missing.ok ? undefined : missing.error.errorName).toBe('EntityNotFoundError');
    });

    it('getMulti with every filter', async () => {
      const page = ok(
        await api().getMulti({
          pageToken: CandidApi.PageToken('eyJ0b2tlbiI6IjEiLCJwYWdlX3Rva2VuIjoiMiJ9'),
          limit: 50,
          type: 'professional',
          contractingProviderId: CandidApi.contracts.v3.ContractingProviderId(BILLING),
          renderingProviderIds: [RENDERING, CandidApi.contracts.v3.RenderingProviderid(PROVIDER)],
          payerNames: ['Aetna', 'Cigna'],
          states: ['CA', 'NY'],
          contractStatus: 'effective',
          sort: 'payer_name',
          sortDirection: 'asc',
        }),
      );
      expect(page.items[0]?.type).toBe('professional');
    });

    it('update a professional contract; its 422 as ContractInvalidExpirationDateHttpError or UnprocessableEntityError', async () => {
      const updated = ok(await api().update(CONTRACT_V3, { type: 'professional', contractStatus: 'effective', expirationDate: { type: 'set', value: CandidApi.Date_('2026-02-28') }, regions: { type: 'remove' }, authorizedSignatory: { type: 'set', firstName: 'Grace' } }));
      expect(updated.expirationDate).toBe('2026-02-28');
      const institutional = await api().update(CONTRACT_V3, { type: 'institutional', contractServiceFacilityIds: new Set([CONTRACT_FACILITY]), authorizedSignatory: { type: 'remove' } });
      expect(institutional.ok).toBe(true);
      const refused = await api().update(CONTRACT_V3, { type: 'professional' }, prefer(422));
      expect(['ContractInvalidExpirationDateHttpError', 'UnprocessableEntityError']).toContain(refused.ok ? undefined : refused.error.errorName);
    });

    it('delete; its 422 as ContractIsLinkedToFeeScheduleHttpError', async () => {
      ok(await api().delete(CONTRACT_V3));
      const linked = await api().delete(CONTRACT_V3, prefer(422));
      expect(linked.ok ? undefined : linked.error.errorName).toBe('ContractIsLinkedToFeeScheduleHttpError');
    });

    it('getContractProviders, addContractProviders, removeContractProviders; their 404 and 422', async () => {
      const page = ok(await api().getContractProviders(CONTRACT_V3, { limit: 1, pageToken: CandidApi.PageToken('eyJ0b2tlbiI6IjEiLCJwYWdlX3Rva2VuIjoiMiJ9') }));
      expect(page.nextPageToken).toBeDefined();
      const added = ok(await api().addContractProviders(CONTRACT_V3, { renderingProviderIds: new Set([RENDERING]) }));
      expect(added).toEqual({ providerCount: 2, addedCount: 1, ignoredCount: 0 });
      expect(ok(await api().removeContractProviders(CONTRACT_V3, { renderingProviderIds: new Set([RENDERING]) })).providerCount).toBe(1);
      const notOnContract = await api().removeContractProviders(CONTRACT_V3, { renderingProviderIds: new Set([RENDERING]) }, prefer(404));
      expect(notOnContract.ok ? undefined : notOnContract.error.errorName).toBe('EntityNotFoundError');
      const unprocessable = await api().getContractProviders(CONTRACT_V3, {}, prefer(422));
      expect(unprocessable.ok ? undefined : unprocessable.error.errorName).toBe('UnprocessableEntityError');
    });

    it('getContractProviderCredentialingSpans', async () => {
      const page = ok(await api().getContractProviderCredentialingSpans(CONTRACT_V3, { limit: 100 }));
      expect(page.items[0]?.credentialingSpans[0]?.providerCredentialingSpanId).toBe(SPAN);
    });

    it('createContractServiceFacility and updateContractServiceFacility', async () => {
      const created = ok(await api().createContractServiceFacility(CONTRACT_V3, { serviceFacilityId: FACILITY, providerIds: new Set([PROVIDER]) }));
      expect(created.contractServiceFacilityId).toBe(CONTRACT_FACILITY);
      const updated = ok(await api().updateContractServiceFacility(CONTRACT_V3, CONTRACT_FACILITY, { providerIds: new Set([PROVIDER, RENDERING]) }));
      expect(updated.providerIds.size).toBe(2);
    });
  });

  describe('contracts v2', () => {
    const api = () => sdk.contracts.v2;

    it('create, get, getMulti, update and delete', async () => {
      const created = ok(await api().create({ contractingProviderId: CandidApi.contracts.v2.ContractingProviderId(BILLING), renderingProviderIds: new Set([CandidApi.contracts.v2.RenderingProviderid(PROVIDER)]), payerUuid: PAYER, ...contractTerms }));
      expect(created.contractId).toBe(CONTRACT_V2);
      expect(ok(await api().get(CONTRACT_V2, { organizationId: CandidApi.OrganizationId('2b4d6f8a-0c2e-4a6b-8d0f-2a4c6e8a0b2d') })).contractId).toBeDefined();
      expect(ok(await api().getMulti({ limit: 10, states: ['CA'], contractStatus: 'effective', sort: 'payer_name', sortDirection: 'asc' })).items).toHaveLength(1);
      ok(await api().update(CONTRACT_V2, { contractStatus: 'effective', expirationDate: { type: 'remove' } }));
      ok(await api().delete(CONTRACT_V2));
    });
  });

  it('together the calls reached every operation of the spec, each with a 2xx', () => {
    const succeeded = new Set(sent.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.operation));
    expect(sent.every((s) => s.operation !== undefined)).toBe(true);
    expect(specOperations.filter((op) => !succeeded.has(op))).toEqual([]);
    expect(specOperations).toHaveLength(35);
  });
});
