/**
 * The CertifyOS credentialing workflow end to end, through the typed client:
 * create a provider → save its attested data → upload a document → start a credentialing workflow
 * → read the workflow's timeline.
 *
 * On Prism every step's request is validated against specs/certifyos.yaml, but a static mock
 * cannot carry state from one step to the next. A node:http server on loopback that keeps the
 * provider, its attested data, its documents and its workflows shows the rest: the ids chain
 * through the steps, the document arrives as multipart parts with its bytes, the timeline is the
 * one of the workflow started, and the attested data's SSN never shows in an error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CareApiError, createCertifyosClient, type CertifyosClient, type Schemas } from '@careapis/certifyos';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer, type Answer, type RecordedRequest } from '../support/loopback-server.js';

const TOKEN = 'certifyos-workflow-test-token-91c4';
const CLIENT_SECRET = 'certifyos-workflow-secret-2d8a';
const ORG = 'org-test-7';
const SSN = '123-45-6789';

/** Bytes of the uploaded license copy. */
const licensePdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x10, 0x80]);

/** A provider as the create form sends it (the fields CertifyOS gives a default may be left out; they are sent here). */
const newProvider: Schemas['CreateProvider'] = {
  first_name: 'Ada',
  middle_name: '',
  last_name: 'Lovelace',
  caqh_provider_id: '',
  degree: 'MD',
  states: 'NY',
  npi: '1234567893',
  gender: 'F',
  dob: '1980-05-17T00:00:00Z',
  primary_email: 'ada.lovelace@example.com',
};

/** The attested application of the provider, for a given workflow id. */
function application(workflowId: string): Schemas['AttestedProviderData'] {
  const value = (v: string, description: string): Schemas['AttestedValue'] => ({ value: v, description });
  return {
    purpose: 'Initial credentialing',
    organization_id: ORG,
    workflow_id: workflowId,
    date_complete: '2025-01-06T15:30:00Z',
    attestation_metadata: [{ attestation_name: 'Ada Lovelace', date_attested: '2025-01-06T15:29:00Z', attestation_language: 'I attest that the information is true and complete.' }],
    data_snapshot: {
      first_name: value('Ada', 'First name'),
      middle_name: value('', 'Middle name'),
      last_name: value('Lovelace', 'Last name'),
      suffix_name: value('', 'Suffix'),
      npi: value('1234567893', 'NPI'),
      other_name: [],
      email: [{ type: value('Work', 'Email type'), email: value('ada.lovelace@example.com', 'Email address') }],
      caqh_id: value('16012345', 'CAQH ProView id'),
      provider_type: value('MD', 'Provider type'),
      education: [],
      licenses: [
        {
          type: value('Medical', 'License type'),
          state: value('NY', 'State'),
          license_number: value('209876', 'License number'),
          issuing_board: value('NYSED', 'Issuing board'),
          document: '',
          expiration_date: value('2027-06-30', 'Expiration date'),
          issue_date: value('2015-07-01', 'Issue date'),
          renewal_date: value('2025-06-30', 'Renewal date'),
        },
      ],
      speciality_board_certification: [],
      dea: [],
      addresses: [],
      dob: value('1980-05-17', 'Date of birth'),
      gender: value('Female', 'Gender'),
      sex: value('F', 'Sex'),
      ssn: value(SSN, 'Social security number'),
      document: [],
      employment_history: [],
      liability_insurance: [],
    },
    question: [{ question_text: 'Has your license ever been revoked?', question_response: [{ response_text: 'No' }] }],
  };
}

/** What a run of the workflow returns, step by step. */
interface Run {
  providerId: string;
  attestedId: string;
  workflowId: string;
  timeline: Schemas['CredentialingWorkflowTimelineList'];
}

/**
 * The workflow itself, as an application would write it. The attested data names the workflow it
 * belongs to; CertifyOS has no workflow yet when the application is filed, so the client's own
 * intake id is used and the started workflow is looked up in the timeline.
 */
async function credentialProvider(certifyos: CertifyosClient, intakeId: string): Promise<Run> {
  const created = await certifyos.createProvider({ body: newProvider });
  const providerId = created.provider_id;

  const saved = await certifyos.createAttestedProviderData({ providerId, body: application(intakeId) });

  const file = new File([licensePdf], 'ny-license.pdf', { type: 'application/pdf' });
  const uploaded = await certifyos.uploadAttestedProviderDocument({ providerId, body: { file, fileType: 'State License', organizationId: ORG, workflowId: intakeId } }).withResponse();
  expect(uploaded.response.status).toBe(201);

  const started = await certifyos.startCredentialingWorkflow({ providerId });
  expect(started.providerId).toBe(providerId);

  const timeline = await certifyos.listCredentialingWorkflowTimelines({ providerId });
  return { providerId, attestedId: saved.id ?? '', workflowId: started.id ?? '', timeline };
}

describe('credentialing workflow on Prism (every request validated against the spec)', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock('certifyos');
  });
  afterAll(() => mock?.close());

  it('create provider → attested data → document → start workflow → timeline', async () => {
    const run = await credentialProvider(createCertifyosClient({ token: TOKEN, organizationId: ORG, baseUrl: mock.url, maxRetries: 0 }), 'intake-1');
    // Prism answers each step from the spec's examples: the values are static, but every request was valid.
    expect(run.providerId).toMatch(/^pr_/);
    expect(run.attestedId).toMatch(/^att_/);
    expect(run.workflowId).toMatch(/^cw_/);
    expect(run.timeline[0]?.credentialingCycle).toBe('Initial');
  });
});

/** A credentialing API that keeps state, in the shapes of specs/certifyos.yaml. */
function credentialingServer() {
  const providers = new Map<string, { body: Schemas['CreateProvider']; attested?: Schemas['AttestedProviderData']; documents: { fields: Record<string, string>; name: string; type: string; bytes: Uint8Array }[] }>();
  const workflows = new Map<string, { providerId: string; startedOn: string; complete: boolean }>();
  const state = { providers, workflows, pendingUploads: [] as Promise<void>[] };
  let next = 0;
  const id = (prefix: string): string => `${prefix}_${(++next).toString(16).padStart(6, '0')}`;
  const today = (): string => new Date().toISOString().slice(0, 10);
  const notFound = (): Answer => reply(404, { statusCode: 404, message: 'Provider is not found.', error: 'Not Found' });

  const respond = (hit: RecordedRequest): Answer => {
    if (hit.headers.authorization !== `Bearer tok-1` && hit.path !== '/auth-tokens/v2/api') return reply(401, { statusCode: 401, message: 'Unauthorized' });
    if (hit.method === 'POST' && hit.path === '/auth-tokens/v2/api') return reply(201, { access_token: 'tok-1' });
    if (hit.headers['organization-id'] !== ORG) return reply(400, { statusCode: 400, message: 'Missing organization-id', error: 'Bad Request' });
    const match = /^\/v2\/provider(?:\/([^/]+)\/(.+))?$/.exec(hit.path);
    if (!match) return notFound();
    const [, providerId, rest] = match;
    if (providerId === undefined) {
      if (hit.method !== 'POST') return notFound();
      const body = JSON.parse(hit.body) as Schemas['CreateProvider'];
      if (!body.first_name || !body.last_name || !body.degree || !body.states) return reply(400, { statusCode: 400, message: ['degree should not be empty'], error: 'Bad Request' });
      const created = id('pr');
      providers.set(created, { body, documents: [] });
      return reply(201, { provider_id: created, is_created: true });
    }
    const provider = providers.get(providerId);
    if (!provider) return notFound();
    if (hit.method === 'POST' && rest === 'attested-data') {
      const body = JSON.parse(hit.body) as Schemas['AttestedProviderData'];
      if (body.data_snapshot.npi.value !== provider.body.npi) {
        // A NestJS-style error that echoes the offending snapshot back, SSN included.
        return reply(400, { statusCode: 400, message: 'NPI does not match the provider', error: 'Bad Request', data_snapshot: body.data_snapshot });
      }
      provider.attested = body;
      return reply(201, { id: id('att') });
    }
    if (hit.method === 'POST' && rest === 'attested-data/documents') {
      const parsing = new Response(new Uint8Array(hit.bytes), { headers: { 'content-type': String(hit.headers['content-type']) } }).formData().then(async (form) => {
        const file = form.get('file');
        const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        if (file instanceof File) provider.documents.push({ fields, name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
      });
      state.pendingUploads.push(parsing);
      return reply(201);
    }
    if (hit.method === 'POST' && rest === 'credentialing-workflows') {
      if ([...workflows.values()].some((w) => w.providerId === providerId && !w.complete)) {
        return reply(400, { statusCode: 400, message: 'Workflow exists in not complete state for the provider.', error: 'Bad Request' });
      }
      const workflowId = id('cw');
      workflows.set(workflowId, { providerId, startedOn: today(), complete: false });
      // The status NestJS sends for a POST handler by default.
      return reply(201, { id: workflowId, providerId });
    }
    if (hit.method === 'GET' && rest === 'credentialing-workflow-timelines') {
      const attestationDate = provider.attested?.date_complete.slice(0, 10) ?? '';
      // Milestones not reached yet are empty: what CertifyOS sends for them is not documented.
      const timelines: Schemas['CredentialingWorkflowTimeline'][] = [...workflows.entries()]
        .filter(([, w]) => w.providerId === providerId)
        .map(([workflowId, w]) => ({
          credentialingWorkflowId: workflowId,
          credentialingStatus: 'In Progress',
          credentialingCycle: 'Initial',
          providerId,
          organizationId: ORG,
          orgEntity: { id: null, name: null },
          medicalDirectorId: '',
          medicalDirectorName: '',
          receivedForCredentialingDate: w.startedOn,
          attestationDate,
          initialCredentialingDate: '',
          lastCredentialedDate: '',
          psvCompleteDate: '',
          credentialingDecisionDate: '',
          nextCredentialingDate: '',
          updatedAt: w.startedOn,
          updatedByName: 'CertifyOS API',
          updatedBy: 'api',
          createdAt: w.startedOn,
          createdBy: 'api',
          createdByName: 'CertifyOS API',
          decisionEnteredById: '',
          decisionEnteredByName: '',
        }));
      return reply(200, timelines);
    }
    return notFound();
  };
  const reset = (): void => {
    providers.clear();
    workflows.clear();
    state.pendingUploads.length = 0;
    next = 0;
  };
  return { respond, state, reset };
}

describe('credentialing workflow on a loopback server that keeps state', () => {
  const api = credentialingServer();
  const server = useLoopbackServer({ respond: (hit) => api.respond(hit) });
  beforeEach(() => api.reset());

  const client = () => createCertifyosClient({ clientId: 'client-id', clientSecret: CLIENT_SECRET, organizationId: ORG, baseUrl: server.url, maxRetries: 0 });

  it('the ids chain through the five steps and the timeline is the started workflow', async () => {
    const run = await credentialProvider(client(), 'intake-1');
    await Promise.all(api.state.pendingUploads);

    expect(api.state.providers.has(run.providerId)).toBe(true);
    expect(api.state.workflows.get(run.workflowId)?.providerId).toBe(run.providerId);
    expect(run.timeline).toHaveLength(1);
    const [timeline] = run.timeline;
    expect(timeline?.credentialingWorkflowId).toBe(run.workflowId);
    expect(timeline?.providerId).toBe(run.providerId);
    expect(timeline?.attestationDate).toBe('2025-01-06');
    expect(timeline?.receivedForCredentialingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(timeline?.orgEntity).toEqual({ id: null, name: null });

    const routes = server.requests.map((r) => r.route);
    expect(routes).toEqual([
      'POST /auth-tokens/v2/api',
      'POST /v2/provider',
      `POST /v2/provider/${run.providerId}/attested-data`,
      `POST /v2/provider/${run.providerId}/attested-data/documents`,
      `POST /v2/provider/${run.providerId}/credentialing-workflows`,
      `GET /v2/provider/${run.providerId}/credentialing-workflow-timelines`,
    ]);
    const apiCalls = server.requests.slice(1);
    expect(apiCalls.every((r) => r.headers.authorization === 'Bearer tok-1' && r.headers['organization-id'] === ORG)).toBe(true);
    // Starting the workflow sends no body.
    expect(server.requests[4]?.bytes.length).toBe(0);
  });

  it('the document goes out as multipart parts: the file with its name, type and bytes, and the three text parts', async () => {
    const run = await credentialProvider(client(), 'intake-7');
    await Promise.all(api.state.pendingUploads);
    const upload = server.requests.find((r) => r.path.endsWith('/attested-data/documents'));
    expect(String(upload?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const [document] = api.state.providers.get(run.providerId)?.documents ?? [];
    expect(document?.name).toBe('ny-license.pdf');
    expect(document?.type).toBe('application/pdf');
    expect([...(document?.bytes ?? [])]).toEqual([...licensePdf]);
    expect(document?.fields).toEqual({ fileType: 'State License', organizationId: ORG, workflowId: 'intake-7' });
  });

  it('a second workflow while the first is not complete is a 400 with the documented reason', async () => {
    const certifyos = client();
    const run = await credentialProvider(certifyos, 'intake-2');
    const again = await certifyos.startCredentialingWorkflow({ providerId: run.providerId }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CareApiError);
    expect(again).toMatchObject({ status: 400, kind: 'badRequest', vendorMessage: 'Workflow exists in not complete state for the provider.', body: { statusCode: 400 } });
  });

  it('an attested-data error that echoes the snapshot back shows no SSN (the spec marks `ssn` secret)', async () => {
    const certifyos = client();
    const { provider_id: providerId } = await certifyos.createProvider({ body: newProvider });
    const mismatched = application('intake-3');
    mismatched.data_snapshot.npi = { value: '9999999999', description: 'NPI' };
    const error = await certifyos.createAttestedProviderData({ providerId, body: mismatched }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 400, body: { message: 'NPI does not match the provider', data_snapshot: { ssn: '[redacted]', npi: { value: '9999999999' } } } });
    for (const text of [JSON.stringify(error), String(error), (error as Error).stack ?? '']) {
      expect(text).not.toContain(SSN);
      expect(text).not.toContain(CLIENT_SECRET);
    }
  });

  it('a provider that does not exist stops the workflow with a typed 404', async () => {
    const error = await client().startCredentialingWorkflow({ providerId: 'pr_missing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 404, kind: 'notFound', body: { statusCode: 404, error: 'Not Found' } });
  });
});
