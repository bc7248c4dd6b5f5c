/**
 * The CertifyOS provider area beyond bulk create/list/terminate (issue 20): every operation added
 * to specs/certifyos.yaml, called through `rawClient(createCertifyosClient(...))` against a Prism
 * mock of the spec with request validation on. Each new request body also gets one invalid
 * request that Prism must reject, which shows the spec's constraints reach the wire.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createCertifyosClient, listAllProviderLicenses, rawClient, type paths, type RawClient, type Schemas } from '@careapis/certifyos';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';

const TOKEN = 'certifyos-provider-test-token-3b7d';
const ORG = 'org-test-7';
const PROVIDER = 'pr_8f14e45f';

/** A PDF-like file part. */
const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3]);

const attested: Schemas['AttestedProviderData'] = {
  purpose: 'Initial credentialing',
  organization_id: ORG,
  workflow_id: 'cw_c9f0f895',
  date_complete: '2025-01-06T15:30:00Z',
  attestation_metadata: [{ attestation_name: 'Ada Lovelace', date_attested: '2025-01-06T15:29:00Z' }],
  data_snapshot: {
    first_name: { value: 'Ada', description: 'First name' },
    middle_name: { value: '', description: 'Middle name' },
    last_name: { value: 'Lovelace', description: 'Last name' },
    suffix_name: { value: '', description: 'Suffix' },
    npi: { value: '1234567893', description: 'NPI' },
    other_name: [],
    email: [],
    caqh_id: { value: '16012345', description: 'CAQH ProView id' },
    provider_type: { value: 'MD', description: 'Provider type' },
    education: [],
    licenses: [],
    speciality_board_certification: [],
    dea: [],
    addresses: [],
    dob: { value: '1980-05-17', description: 'Date of birth' },
    gender: { value: 'Female', description: 'Gender' },
    sex: { value: 'F', description: 'Sex' },
    ssn: { value: '000-00-0000', description: 'Social security number' },
    document: [],
    employment_history: [],
    liability_insurance: [],
  },
  question: [{ question_text: 'Has your license ever been revoked?', question_response: [{ response_text: 'No' }] }],
};

const specialty: Schemas['ProviderSpecialtyInput'] = {
  specialty_nucc_taxonomy_code: '207Q00000X',
  name: 'Family Medicine',
  is_primary: true,
  sub_specialties: [{ specialty_nucc_taxonomy_code: '207QA0505X', name: 'Adult Medicine' }],
};

const group: Schemas['ProviderGroupInput'] = { group_name: 'Lovelace Family Practice', group_npi: '2345678901', group_tin: '123456789' };

describe('certifyos provider area (Prism, request validation on)', () => {
  let mock: MockServer;
  let raw: RawClient<paths>;

  beforeAll(async () => {
    mock = await startMock('certifyos');
    raw = rawClient(createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: mock.url, maxRetries: 0 }));
  });
  afterAll(() => mock?.close());

  /**
   * Prism's verdict on a request it rejected: the operation's documented 400 with the violations
   * in the `sl-violations` header, or, when the operation documents no 400, Prism's own 422
   * problem body with a `validation` list. Either way the violation names the field.
   */
  const expectRejected = ({ error, response }: { error?: unknown; response: Response }, field: string): void => {
    expect([400, 422]).toContain(response.status);
    const header = response.headers.get('sl-violations');
    const found = response.status === 400 ? (header ?? '') : JSON.stringify((error as { validation?: unknown } | undefined)?.validation ?? header ?? '');
    // Prism lower-cases query parameter names in its messages.
    expect(found.toLowerCase()).toContain(field.toLowerCase());
  };
  /** No violation reported, for a clear failure message. */
  const violations = (response: Response): string => `${response.status} ${response.headers.get('sl-violations') ?? ''}\n${mock.output().slice(-2000)}`;

  describe('v2/providers', () => {
    it('listProviderLicenses: a cursor page with nested licenses and registrations', async () => {
      const { data, error, response } = await raw.GET('/v2/providers/licenses', { params: { query: { size: 500, licenseStatus: 'Active' } } });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(200);
      expectTypeOf(data).toEqualTypeOf<Schemas['ProviderLicensesPage'] | undefined>();
      expect(data?.nextCursor).toBeNull();
      expect(data?.data[0]?.licenses?.[0]?.licenseStatus).toBe('Active');
      expect(data?.data[0]?.deaData?.[0]?.type).toBe('DEA');
    });

    it('listProviderLicenses: a size above 1000 is rejected', async () => {
      const rejected = await raw.GET('/v2/providers/licenses', { params: { query: { size: 1001 } } });
      expectRejected(rejected, 'size');
    });

    it('listAllProviderLicenses stops when nextCursor is null', async () => {
      const client = createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: mock.url, maxRetries: 0 });
      const npis: string[] = [];
      for await (const practitioner of listAllProviderLicenses(client, { size: 10 })) {
        npis.push(practitioner.npi);
        if (npis.length > 20) break;
      }
      expect(npis).toEqual(['1234567893']);
    });

    it('shareProvidersToCredCommittee: 204 when every provider was shared', async () => {
      const { data, error, response } = await raw.POST('/v2/providers/bulk-share-to-cred-committee', { body: { provider_ids: [PROVIDER, 'pr_45c48cce'], reason: 'Adverse action reported.' } });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(204);
      expect(data).toBeUndefined();
    });

    it('shareProvidersToCredCommittee 207: the providers that could not be shared, each with its reason', async () => {
      const { data, error, response } = await raw.POST('/v2/providers/bulk-share-to-cred-committee', {
        body: { provider_ids: [PROVIDER, 'pr_45c48cce'], reason: 'Adverse action reported.' },
        headers: { Prefer: 'code=207' },
      });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(207);
      expectTypeOf(data).toEqualTypeOf<Schemas['CredCommitteeShareFailures'] | undefined>();
      expect(data).toEqual([{ id: 'pr_45c48cce', status: 'rejected', reason: 'Provider was not found.' }]);
    });

    it('shareProvidersToCredCommittee: a body without reason is rejected', async () => {
      const bad = { provider_ids: [PROVIDER] } as unknown as Schemas['ShareProvidersToCredCommitteeRequest'];
      const rejected = await raw.POST('/v2/providers/bulk-share-to-cred-committee', { body: bad });
      expectRejected(rejected, 'reason');
    });

    it('shareProviderToCredCommittee: 204 without a body', async () => {
      const { data, error, response } = await raw.PATCH('/v2/providers/{id}/share-to-cred-committee', { params: { path: { id: PROVIDER } }, body: { reason: 'Malpractice settlement disclosed.' } });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(204);
      expect(data).toBeUndefined();
    });

    it('shareProviderToCredCommittee: a reason that is not a string is rejected', async () => {
      const bad = { reason: 42 } as unknown as Schemas['ShareProviderToCredCommitteeRequest'];
      const rejected = await raw.PATCH('/v2/providers/{id}/share-to-cred-committee', { params: { path: { id: PROVIDER } }, body: bad });
      expectRejected(rejected, 'reason');
    });
  });

  describe('v2/provider: create and read', () => {
    it('createProvider: 201 with the provider id', async () => {
      const { data, error, response } = await raw.POST('/v2/provider', { body: { first_name: 'Ada', middle_name: '', last_name: 'Lovelace', degree: 'MD', states: 'NY', npi: '', caqh_provider_id: '', gender: 'F', dob: '1980-05-17T00:00:00Z' } });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(201);
      expectTypeOf(data).toEqualTypeOf<Schemas['ProviderCreated'] | undefined>();
      expect(data).toEqual({ provider_id: PROVIDER, is_created: true });
    });

    it('createProvider: an unknown degree and a 9-digit group NPI are rejected', async () => {
      const bad = { first_name: 'Ada', last_name: 'Lovelace', degree: 'Wizard', states: 'NY', group_npi: '123456789' } as unknown as Schemas['CreateProvider'];
      const rejected = await raw.POST('/v2/provider', { body: bad });
      expectRejected(rejected, 'degree');
      expect(rejected.response.headers.get('sl-violations')).toContain('group_npi');
    });

    it('createProviderWithGroups: 201; a group without its TIN is rejected', async () => {
      const ok = await raw.POST('/v2/provider-with-groups', { body: { first_name: 'Ada', middle_name: '', last_name: 'Lovelace', degree: 'MD', states: 'NY', npi: '', caqh_provider_id: '', groups: [group] } });
      expect(ok.error, violations(ok.response)).toBeUndefined();
      expect(ok.response.status).toBe(201);
      expect(typeof ok.data?.provider_id).toBe('string');
      const bad = { first_name: 'Ada', last_name: 'Lovelace', degree: 'MD', states: 'NY', groups: [{ group_name: 'x', group_npi: '2345678901' }] } as unknown as Schemas['CreateProviderWithGroupsRequest'];
      const rejected = await raw.POST('/v2/provider-with-groups', { body: bad });
      expectRejected(rejected, 'group_tin');
    });

    it('getProvider: the provider record, dates as YYYY-MM-DD, with the include flags sent', async () => {
      const { data, error, response } = await raw.GET('/v2/provider', {
        params: { query: { provider_id: PROVIDER, includeFullData: true, includeSanctionItems: false, signUrls: true } },
      });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(200);
      expectTypeOf(data).toEqualTypeOf<Schemas['ProviderDetails'] | undefined>();
      const provider = data?.data;
      expect(provider?.provider_id).toBe(PROVIDER);
      expect(provider?.gender).toBe('Female');
      expect(provider?.provider_created_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(provider?.licenses?.[0]?.license_status).toBe('Active');
      expect(provider?.supporting_documents[0]?.id).toBe('doc_1');
    });

    it('getProvider: an include flag that is not a boolean is rejected', async () => {
      const bad = { provider_id: PROVIDER, includeFullData: 'everything' } as unknown as { provider_id: string };
      const rejected = await raw.GET('/v2/provider', { params: { query: bad } });
      expectRejected(rejected, 'includeFullData');
    });
  });

  describe('v2/provider: attested data and documents', () => {
    it('createAttestedProviderData: 201 with the record id', async () => {
      const { data, error, response } = await raw.POST('/v2/provider/{providerId}/attested-data', { params: { path: { providerId: PROVIDER } }, body: attested });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(201);
      expect(data?.id).toBe('att_a87ff679');
    });

    it('createAttestedProviderData: a snapshot value without its description is rejected', async () => {
      const bad = { ...attested, data_snapshot: { ...attested.data_snapshot, npi: { value: '1234567893' } } } as unknown as Schemas['AttestedProviderData'];
      const rejected = await raw.POST('/v2/provider/{providerId}/attested-data', { params: { path: { providerId: PROVIDER } }, body: bad });
      expectRejected(rejected, 'description');
    });

    it('getAttestedProviderData: the saved application', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/attested-data', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expectTypeOf(data).toEqualTypeOf<Schemas['AttestedProviderData'] | undefined>();
      expect(data?.workflow_id).toBe('cw_c9f0f895');
      expect(data?.data_snapshot.licenses[0]?.license_number.value).toBe('209876');
      expect(data?.question[0]?.question_response[0]?.response_text).toBe('No');
    });

    it('uploadAttestedProviderDocument: a multipart upload with a File part, 201 without a body', async () => {
      const body = { file: new File([pdf], 'ny-license.pdf', { type: 'application/pdf' }), fileType: 'State License', organizationId: ORG, workflowId: 'cw_c9f0f895' };
      expectTypeOf<Schemas['AttestedProviderDocumentUpload']['file']>().toEqualTypeOf<Blob | Uint8Array | undefined>();
      const { data, error, response } = await raw.POST('/v2/provider/{providerId}/attested-data/documents', { params: { path: { providerId: PROVIDER } }, body });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(201);
      expect(data).toBeUndefined();
    });

    it('uploadAttestedProviderDocument: without workflowId the upload is rejected', async () => {
      const bad = { file: new Blob([pdf]), fileType: 'State License', organizationId: ORG } as unknown as Schemas['AttestedProviderDocumentUpload'];
      const rejected = await raw.POST('/v2/provider/{providerId}/attested-data/documents', { params: { path: { providerId: PROVIDER } }, body: bad });
      expectRejected(rejected, 'workflowId');
    });

    it('uploadSupportingDocument: a Node Buffer part and a state, 201', async () => {
      const { error, response } = await raw.POST('/providers/{id}/supporting-documents', { params: { path: { id: PROVIDER } }, body: { file: Buffer.from(pdf), fileType: 'State License', state: 'NY' } });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(201);
    });

    it('uploadSupportingDocument: a state outside the list is rejected', async () => {
      const bad = { file: new Blob([pdf]), fileType: 'State License', state: 'ZZ' } as unknown as Schemas['SupportingDocumentUpload'];
      const rejected = await raw.POST('/providers/{id}/supporting-documents', { params: { path: { id: PROVIDER } }, body: bad });
      expectRejected(rejected, 'state');
    });

    it('getSupportingDocumentSignedUrl: the body is the signed URL itself', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/supporting-documents/{supportingDocumentId}/signed-url', {
        params: { path: { providerId: PROVIDER, supportingDocumentId: 'doc_1' } },
      });
      expect(error, violations(response)).toBeUndefined();
      expectTypeOf(data).toEqualTypeOf<string | undefined>();
      expect(new URL(data ?? '').searchParams.get('X-Goog-Expires')).toBe('600');
    });

    it('getPsvSignedUrl: { signedUrl } with an https URL', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/psv/signed-url', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expect(new URL(data?.signedUrl ?? '').protocol).toBe('https:');
    });
  });

  describe('v2/provider: survey responses, outreaches, CAQH', () => {
    it('listProviderSurveyResponses with offset, limit and version', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/survey-responses', { params: { path: { providerId: PROVIDER }, query: { offset: 0, limit: 10, version: 1 } } });
      expect(error, violations(response)).toBeUndefined();
      expect(data?.count).toBe(1);
      expect(data?.data).toMatchObject({ version: 1 });
    });

    it('listProviderSurveyResponses: a negative offset is rejected', async () => {
      const rejected = await raw.GET('/v2/provider/{providerId}/survey-responses', { params: { path: { providerId: PROVIDER }, query: { offset: -1 } } });
      expectRejected(rejected, 'offset');
    });

    it('listProviderOutreaches: a page of emails with the total count', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/outreaches', { params: { path: { providerId: PROVIDER }, query: { limit: 10 } } });
      expect(error, violations(response)).toBeUndefined();
      expectTypeOf(data).toEqualTypeOf<Schemas['ProviderOutreachPage'] | undefined>();
      expect(data?.count).toBe(1);
      expect(data?.data[0]?.data.to).toEqual(['ada.lovelace@example.com']);
    });

    it('getProviderCaqhData: nested CAQH sections', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/caqh-data', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expectTypeOf(data).toEqualTypeOf<Schemas['CaqhData'] | undefined>();
      expect(data?.practitionerInformation?.caqhProviderId).toBe(16012345);
      expect(data?.practitionerProfessionalId?.[0]?.practitionerLicense?.[0]?.licenseStatus?.name).toBe('Active');
    });
  });

  describe('v2/provider: credentialing', () => {
    it('startCredentialingWorkflow: no body in, the workflow id out', async () => {
      const { data, error, response } = await raw.POST('/v2/provider/{providerId}/credentialing-workflows', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expect([200, 201]).toContain(response.status);
      expectTypeOf(data).toEqualTypeOf<Schemas['CredentialingWorkflowStarted'] | undefined>();
      expect(data).toEqual({ id: 'cw_c9f0f895', providerId: PROVIDER });
    });

    it('startCredentialingWorkflow: the 201 NestJS sends carries the same body', async () => {
      const { data, response } = await raw.POST('/v2/provider/{providerId}/credentialing-workflows', { params: { path: { providerId: PROVIDER } }, headers: { Prefer: 'code=201' } });
      expect(response.status).toBe(201);
      expect(data?.id).toBe('cw_c9f0f895');
    });

    it('listCredentialingWorkflowTimelines: milestone dates as YYYY-MM-DD', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/credentialing-workflow-timelines', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expectTypeOf(data).toEqualTypeOf<Schemas['CredentialingWorkflowTimelineList'] | undefined>();
      const [timeline] = data ?? [];
      expect(timeline?.credentialingWorkflowId).toBe('cw_c9f0f895');
      expect(timeline?.orgEntity.id).toBe('grp_1');
      expect(timeline?.psvCompleteDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('listCredentialingWorkflowTimelineRecords: stored records with date-times', async () => {
      const { data, error, response } = await raw.GET('/providers/{providerId}/credentialing-workflow-timelines', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expect(data?.[0]?.credentialingCycle).toBe('Initial');
      expect(Date.parse(data?.[0]?.lastCredentialedDate ?? '')).toBe(Date.parse('2025-01-20T00:00:00Z'));
    });

    it('markAllFlagsReadForProvider: flags read and provider approved, no body', async () => {
      const { data, error, response } = await raw.POST('/flags/{id}/mark-all-read-for-provider', { params: { path: { id: PROVIDER } }, body: { reason: 'Provider reviewed and approved' } });
      expect(error, violations(response)).toBeUndefined();
      expect([201, 204]).toContain(response.status);
      expect(data).toBeUndefined();
    });

    it('markAllFlagsReadForProvider: a body without reason is rejected', async () => {
      const bad = {} as unknown as Schemas['MarkAllFlagsReadRequest'];
      const rejected = await raw.POST('/flags/{id}/mark-all-read-for-provider', { params: { path: { id: PROVIDER } }, body: bad });
      expectRejected(rejected, 'reason');
    });
  });

  describe('v2/provider: groups, professional ids, specialties', () => {
    it('replaceProviderGroups: 200 without a body; a 10-character TIN is rejected', async () => {
      const ok = await raw.PUT('/v2/provider/{providerId}/groups', { params: { path: { providerId: PROVIDER } }, body: [group, { ...group, group_name: 'Albany Urgent Care', location_name: 'Downtown' }] });
      expect(ok.error, violations(ok.response)).toBeUndefined();
      expect(ok.response.status).toBe(200);
      const rejected = await raw.PUT('/v2/provider/{providerId}/groups', { params: { path: { providerId: PROVIDER } }, body: [{ ...group, group_tin: '1234567890' }] });
      expectRejected(rejected, 'group_tin');
    });

    it('listProviderGroups: the groups with their ids', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/groups', { params: { path: { providerId: PROVIDER } } });
      expect(error, violations(response)).toBeUndefined();
      expect(data?.map((g) => [g.id, g.group_npi])).toEqual([['grp_1', '2345678901']]);
    });

    it('createProfessionalIds: 201 with the stored ids; an unknown type is rejected', async () => {
      const ok = await raw.POST('/v2/provider/{providerId}/professional-ids', {
        params: { path: { providerId: PROVIDER } },
        body: { professional_ids: [{ type: 'Medicare Number', number: 'MCR-778899', issue_date: '2020-03-01T00:00:00Z', state: 'NY' }] },
      });
      expect(ok.error, violations(ok.response)).toBeUndefined();
      expect(ok.response.status).toBe(201);
      expect(ok.data?.[0]).toMatchObject({ id: 'pid_1', type: 'Medicare Number' });
      const bad = { professional_ids: [{ type: 'Library Card', number: '1' }] } as unknown as Schemas['CreateProfessionalIdsRequest'];
      const rejected = await raw.POST('/v2/provider/{providerId}/professional-ids', { params: { path: { providerId: PROVIDER } }, body: bad });
      expectRejected(rejected, 'type');
    });

    it('listProviderSpecialties: a bare array with subspecialties', async () => {
      const { data, error, response } = await raw.GET('/v2/provider/{providerId}/specialties', { params: { path: { providerId: PROVIDER }, query: { offset: 0, limit: 10 } } });
      expect(error, violations(response)).toBeUndefined();
      expectTypeOf(data).toEqualTypeOf<Schemas['ProviderSpecialtyList'] | undefined>();
      expect(data?.[0]?.sub_specialties[0]?.name).toBe('Adult Medicine');
    });

    it('createProviderSpecialty: 201; without sub_specialties it is rejected', async () => {
      const ok = await raw.POST('/v2/provider/{providerId}/specialties', { params: { path: { providerId: PROVIDER } }, body: specialty });
      expect(ok.error, violations(ok.response)).toBeUndefined();
      expect(ok.response.status).toBe(201);
      const { sub_specialties: _dropped, ...withoutSubs } = specialty;
      const rejected = await raw.POST('/v2/provider/{providerId}/specialties', { params: { path: { providerId: PROVIDER } }, body: withoutSubs as Schemas['ProviderSpecialtyInput'] });
      expectRejected(rejected, 'sub_specialties');
    });

    it('updateProviderSpecialty: 204; is_primary must be a boolean', async () => {
      const ok = await raw.PATCH('/v2/provider/{providerId}/specialties/{specialtyId}', { params: { path: { providerId: PROVIDER, specialtyId: 'spc_1' } }, body: { ...specialty, is_primary: false } });
      expect(ok.error, violations(ok.response)).toBeUndefined();
      expect(ok.response.status).toBe(204);
      const bad = { ...specialty, is_primary: 'yes' } as unknown as Schemas['ProviderSpecialtyInput'];
      const rejected = await raw.PATCH('/v2/provider/{providerId}/specialties/{specialtyId}', { params: { path: { providerId: PROVIDER, specialtyId: 'spc_1' } }, body: bad });
      expectRejected(rejected, 'is_primary');
    });

    it('deleteProviderSpecialty: 204', async () => {
      const { error, response } = await raw.DELETE('/v2/provider/{providerId}/specialties/{specialtyId}', { params: { path: { providerId: PROVIDER, specialtyId: 'spc_1' } } });
      expect(error, violations(response)).toBeUndefined();
      expect(response.status).toBe(204);
    });
  });

  describe('providers: exports', () => {
    it('exportProviderDirectory with repeated providerIds: the export was started', async () => {
      const { data, error, response } = await raw.GET('/providers/export/provider-directory', { params: { query: { providerIds: [PROVIDER, 'pr_45c48cce'], includeInactiveProviders: false, limit: 100, offset: 0 } } });
      expect(error, violations(response)).toBeUndefined();
      expect(data).toEqual({ message: 'Workflow Executed' });
    });

    it('exportHsdReport: started; a limit that is not a number is rejected', async () => {
      const ok = await raw.GET('/providers/export/hsd-report', { params: { query: { includeInactiveProviders: true } } });
      expect(ok.error, violations(ok.response)).toBeUndefined();
      expect(ok.data?.message).toBe('Workflow Executed');
      const bad = { limit: 'all' } as unknown as { limit: number };
      const rejected = await raw.GET('/providers/export/hsd-report', { params: { query: bad } });
      expectRejected(rejected, 'limit');
    });
  });

  it('a new operation called without a bearer token is refused', async () => {
    const res = await fetch(`${mock.url}/v2/provider/${PROVIDER}/caqh-data`, { headers: { 'organization-id': ORG } });
    expect(res.status).toBe(401);
  });
});
