/**
 * The enrollment, document and task operations of @careapis/stedi against a Prism mock of
 * specs/stedi.yaml (request validation on), through `rawClient`. Each new request body also gets
 * one invalid request that Prism rejects with a 400. Paging (`listAllEnrollments`) and the retry
 * policy the spec sets per operation run against the loopback server, which can answer page by
 * page and fail on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStediClient, listAllEnrollments, rawClient, type Schemas } from '@careapis/stedi';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';

const API_KEY = 'test-api-key';
const PROVIDER_ID = '10334e76-f073-4b5d-8984-81d8e5107857';
const ENROLLMENT_ID = '7f4c2a1e-3b5d-4c6e-8f90-1a2b3c4d5e6f';
const DOCUMENT_ID = '019375d0-1234-7890-abcd-567890abcdef';
const PDF_TASK_ID = '019ce833-b234-75f1-9599-0f14ba643709';

/** The raw (openapi-fetch) client of a Stedi client on `baseUrl`, without retries unless asked. */
const rawStedi = (baseUrl: string, maxRetries = 0) => rawClient(createStediClient({ apiKey: API_KEY, baseUrl, maxRetries, retry: { initialDelayMs: 5, maxDelayMs: 20 } }));

const contact: Schemas['ProviderContact'] = { firstName: 'Test', lastName: 'Tester', email: 'bob@fortdental.center', phone: '5551234567', streetAddress1: '123 Some Str', city: 'A City', state: 'WA', zipCode: '12345' };

const eraEnrollment: Schemas['CreateEnrollmentRequest'] = {
  provider: { id: PROVIDER_ID },
  payer: { idOrAlias: '87726' },
  transactions: { claimPayment: { enroll: true } },
  aggregationPreference: { taxId: '555123456' },
  primaryContact: contact,
  userEmail: 'ops@fortdental.center',
  requestedEffectiveDate: '20250415',
  status: 'STEDI_ACTION_REQUIRED',
};

/** The spec violations Prism reports for a rejected request (the `sl-violations` header). */
const violations = (response: Response): string => response.headers.get('sl-violations') ?? '';

let mock: MockServer;
let stedi: ReturnType<typeof rawStedi>;

beforeAll(async () => {
  mock = await startMock('stedi');
  stedi = rawStedi(mock.url);
});
afterAll(() => mock?.close());

describe('stedi enrollments (Prism)', () => {
  it('listEnrollments sends every filter, repeating the key of each array value, and gets a typed page', async () => {
    const { data, error, response } = await stedi.GET('/enrollments', {
      params: {
        query: {
          pageSize: 2,
          filter: 'OS',
          status: ['LIVE', 'PROVIDER_ACTION_REQUIRED'],
          providerIds: [PROVIDER_ID],
          providerNpis: ['1999999992', '1999999984'],
          transactions: ['claimPayment', 'eligibilityCheck'],
          sources: ['API', 'UI'],
          userEmails: ['ops@fortdental.center'],
          createdFrom: '2025-01-01T00:00:00Z',
          requestedEffectiveDateFrom: '20250101',
          sortBy: ['statusLastUpdatedAt:desc', 'id:asc'],
        },
      },
    });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    const sent = new URL(response.url).searchParams;
    expect(sent.getAll('status')).toEqual(['LIVE', 'PROVIDER_ACTION_REQUIRED']);
    expect(sent.getAll('sortBy')).toEqual(['statusLastUpdatedAt:desc', 'id:asc']);
    expect(sent.getAll('providerNpis')).toEqual(['1999999992', '1999999984']);
    const items = data?.items ?? [];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(['DRAFT', 'SUBMITTED', 'PROVISIONING', 'LIVE', 'REJECTED', 'CANCELED', 'STEDI_ACTION_REQUIRED', 'PROVIDER_ACTION_REQUIRED']).toContain(item.status);
      expect(Object.keys(item.transactions)).toHaveLength(1);
    }
    expect(data?.nextPageToken).toBeTruthy();
    expect(typeof data?.totalCount).toBe('number');
  });

  it('listEnrollments with an unknown status, a sort on an unsortable property and a zero page size is rejected with a 400', async () => {
    const { error, response } = await stedi.GET('/enrollments', {
      params: { query: { pageSize: 0, status: ['ACTIVE' as never], sortBy: ['createdAt:desc'] } },
    });
    expect(response.status).toBe(400);
    expect(violations(response)).toMatch(/pageSize/i); // Prism reports query names in lower case
    expect(violations(response)).toMatch(/status/);
    expect(violations(response)).toMatch(/sortBy/i);
    expect(typeof error?.message).toBe('string');
  });

  it('createEnrollment with an ERA enrollment body', async () => {
    const { data, error, response } = await stedi.POST('/enrollments', { body: eraEnrollment });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.id).toBeTruthy();
    expect(data?.provider.id).toBe(PROVIDER_ID);
    expect(data?.transactions).toEqual({ claimPayment: { enroll: true } });
    expect(data?.status).toBe('STEDI_ACTION_REQUIRED');
  });

  it('createEnrollment for two transaction types at once, with a dashed effective date, is rejected with a 400', async () => {
    const body = { ...eraEnrollment, transactions: { claimPayment: { enroll: true }, eligibilityCheck: { enroll: true } }, requestedEffectiveDate: '2025-04-15' };
    const { error, response } = await stedi.POST('/enrollments', { body: body as never });
    expect(response.status).toBe(400);
    expect(violations(response)).toMatch(/transactions/);
    expect(violations(response)).toMatch(/requestedEffectiveDate/);
    expect(typeof error?.message).toBe('string');
  });

  it('getEnrollment returns the enrollment with its tasks and documents, typed per task kind', async () => {
    const { data, error, response } = await stedi.GET('/enrollments/{enrollmentId}', { params: { path: { enrollmentId: ENROLLMENT_ID } } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.status).toBe('PROVIDER_ACTION_REQUIRED');
    const open = (data?.tasks ?? []).filter((task) => !task.isComplete).sort((a, b) => a.rank - b.rank);
    const first = open[0]?.definition;
    expect(first && 'provideFilledPdf' in first ? first.provideFilledPdf.documentDownloadUrl : undefined).toMatch(/\/documents\/[^/]+\/download$/);
    expect(data?.documents?.every((doc) => ['PENDING', 'UPLOADED', 'FAILED', 'DELETED'].includes(doc.status))).toBe(true);
    expect(data?.history?.[0]?.previousStatus).toBeUndefined();
  });

  it('getEnrollment of an unknown enrollment: the 404 body is typed', async () => {
    const { data, error, response } = await stedi.GET('/enrollments/{enrollmentId}', { params: { path: { enrollmentId: 'no-such-enrollment' } }, headers: { Prefer: 'code=404' } });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(typeof error?.message).toBe('string');
  });

  it('updateEnrollment with a full replacement body that submits the draft', async () => {
    const body: Schemas['UpdateEnrollmentRequest'] = { ...eraEnrollment, primaryContact: { ...contact, firstName: undefined, lastName: undefined, organizationName: 'BDQ Dental Inc' }, requestedEffectiveDate: '20250501' };
    const { data, error, response } = await stedi.POST('/enrollments/{enrollmentId}', { params: { path: { enrollmentId: ENROLLMENT_ID } }, body });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.id).toBe(ENROLLMENT_ID);
    expect(data?.status).toBe('STEDI_ACTION_REQUIRED');
  });

  it('updateEnrollment setting a status only Stedi sets, with a 2-character PTAN, is rejected with a 400', async () => {
    const body = { ...eraEnrollment, status: 'LIVE', providerTransactionAccessNumber: 'AB' };
    const { error, response } = await stedi.POST('/enrollments/{enrollmentId}', { params: { path: { enrollmentId: ENROLLMENT_ID } }, body: body as never });
    expect(response.status).toBe(400);
    expect(violations(response)).toMatch(/status/);
    expect(violations(response)).toMatch(/providerTransactionAccessNumber/);
    expect(typeof error?.message).toBe('string');
  });

  it('deleteEnrollment answers 200 without a body', async () => {
    const { data, error, response } = await stedi.DELETE('/enrollments/{enrollmentId}', { params: { path: { enrollmentId: ENROLLMENT_ID } } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
  });

  it('exportEnrollmentsCsv with filters answers with a pre-signed URL to the CSV file (not with the CSV itself)', async () => {
    const { data, error, response } = await stedi.POST('/enrollments/export', { body: { createdFrom: '2025-01-01T00:00:00Z', createdTo: '2026-01-01T00:00:00Z', status: ['LIVE'], providerIds: [PROVIDER_ID], requestedEffectiveDateFrom: '20250101' } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(data?.recordCount).toBeGreaterThan(0);
    expect(new URL(data?.downloadUrl ?? '').pathname).toMatch(/\.csv$/);
    expect(data?.filename).toMatch(/\.csv$/);
  });

  it('exportEnrollmentsCsv without a body (every enrollment), and the answer when nothing matched', async () => {
    const all = await stedi.POST('/enrollments/export', {});
    expect(all.error, mock.output()).toBeUndefined();
    expect(all.data?.recordCount).toBeGreaterThan(0);
    const none = await stedi.POST('/enrollments/export', { body: { status: ['CANCELED'] }, headers: { Prefer: 'example=nothingFound' } });
    expect(none.data).toEqual({ recordCount: 0 });
  });

  it('exportEnrollmentsCsv with an unknown status and a dashed date is rejected with a 400', async () => {
    const { error, response } = await stedi.POST('/enrollments/export', { body: { status: ['ACTIVE'], requestedEffectiveDateFrom: '2025-01-01' } as never });
    expect(response.status).toBe(400);
    expect(violations(response)).toMatch(/status/);
    expect(violations(response)).toMatch(/requestedEffectiveDateFrom/);
    expect(typeof error?.message).toBe('string');
  });

  it('createEnrollmentDocumentUpload answers with the document ID and a pre-signed upload URL', async () => {
    const { data, error, response } = await stedi.POST('/enrollments/{enrollmentId}/documents', { params: { path: { enrollmentId: ENROLLMENT_ID } }, body: { name: 'signed-era-agreement.pdf', taskId: PDF_TASK_ID } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.documentId).toBeTruthy();
    expect(data?.enrollmentId).toBe(ENROLLMENT_ID);
    expect(new URL(data?.uploadUrl ?? '').protocol).toBe('https:');
  });

  it('createEnrollmentDocumentUpload without the task ID is rejected with a 400', async () => {
    const { error, response } = await stedi.POST('/enrollments/{enrollmentId}/documents', { params: { path: { enrollmentId: ENROLLMENT_ID } }, body: { name: 'signed-era-agreement.pdf' } as never });
    expect(response.status).toBe(400);
    expect(violations(response)).toMatch(/taskId/);
    expect(typeof error?.message).toBe('string');
  });

  it('createEnrollmentDocumentDownload answers with a pre-signed download URL', async () => {
    const { data, error, response } = await stedi.GET('/documents/{documentId}/download', { params: { path: { documentId: '019375d0-9876-7890-abcd-567890fedcba' } } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.documentId).toBe('019375d0-9876-7890-abcd-567890fedcba');
    expect(new URL(data?.downloadUrl ?? '').pathname).toMatch(/\.pdf$/);
  });

  it('deleteEnrollmentDocument answers 200 without a body', async () => {
    const { data, error, response } = await stedi.DELETE('/documents/{documentId}', { params: { path: { documentId: DOCUMENT_ID } } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
  });

  it('updateTask completes a provideFilledPdf task with the uploaded document', async () => {
    const { data, error, response } = await stedi.POST('/tasks/{taskId}', {
      params: { path: { taskId: PDF_TASK_ID } },
      body: { completed: true, responseData: { pdfUpload: { documentId: DOCUMENT_ID, fileName: 'signed-era-agreement.pdf' } } },
    });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.task.isComplete).toBe(true);
    expect(data?.task.responseData).toEqual({ pdfUpload: { documentId: DOCUMENT_ID, fileName: 'signed-era-agreement.pdf' } });
  });

  it('updateTask completes a provideInformation task, and takes no body at all', async () => {
    const answered = await stedi.POST('/tasks/{taskId}', { params: { path: { taskId: '01937d50-1234-7890-abcd-567890abcdef' } }, body: { completed: true, responseData: { provideInformation: { response: 'Operating account ending in 4821.' } } }, headers: { Prefer: 'example=informationTaskCompleted' } });
    expect(answered.error, mock.output()).toBeUndefined();
    expect(answered.data?.task.definition).toHaveProperty('provideInformation');
    const bare = await stedi.POST('/tasks/{taskId}', { params: { path: { taskId: PDF_TASK_ID } } });
    expect(bare.response.status).toBe(200);
  });

  it('updateTask with two kinds of response data at once is rejected with a 400', async () => {
    const body = { completed: true, responseData: { pdfUpload: { documentId: DOCUMENT_ID, fileName: 'signed-era-agreement.pdf' }, provideInformation: { response: 'done' } } };
    const { error, response } = await stedi.POST('/tasks/{taskId}', { params: { path: { taskId: PDF_TASK_ID } }, body: body as never });
    expect(response.status).toBe(400);
    expect(violations(response)).toMatch(/responseData must match exactly one schema in oneOf/);
    expect(typeof error?.message).toBe('string');
  });
});

describe('stedi enrollments (loopback)', () => {
  const server = useLoopbackServer();
  const summary = (id: string, status: Schemas['EnrollmentStatus']): Schemas['EnrollmentSummary'] => ({
    id,
    status,
    source: 'API',
    createdAt: '2025-04-01T12:00:00Z',
    updatedAt: '2025-04-01T12:00:00Z',
    statusLastUpdatedAt: '2025-04-01T12:00:00Z',
    provider: { id: PROVIDER_ID, name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' },
    payer: { stediPayerId: 'KMQTZ' },
    transactions: { claimPayment: { enroll: true } },
  });

  it('listAllEnrollments follows nextPageToken, keeps the filters on every page, and stops on the page without one', async () => {
    server.script(
      'GET /enrollments',
      reply(200, { items: [summary('e1', 'LIVE'), summary('e2', 'LIVE')], nextPageToken: 'page-2', totalCount: 3 }),
      reply(200, { items: [summary('e3', 'LIVE')], totalCount: 3 }),
    );
    const client = createStediClient({ apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
    const ids: string[] = [];
    for await (const enrollment of listAllEnrollments(client, { pageSize: 2, status: ['LIVE'] })) ids.push(enrollment.id);
    expect(ids).toEqual(['e1', 'e2', 'e3']);
    const pages = server.on('GET /enrollments').map((request) => new URL(request.url, server.url).searchParams);
    expect(pages.map((query) => query.get('pageToken'))).toEqual([null, 'page-2']);
    expect(pages.map((query) => query.getAll('status'))).toEqual([['LIVE'], ['LIVE']]);
    expect(server.on('GET /enrollments').every((request) => request.headers.authorization === API_KEY)).toBe(true);
  });

  it('retries updateEnrollment (a full replacement) on a 503, never the POSTs that create or complete something', async () => {
    const stedi = rawStedi(server.url, 2);
    const unavailable = reply(503, { message: 'Service Unavailable' });
    server.script(`POST /enrollments/${ENROLLMENT_ID}`, unavailable, reply(200, { id: ENROLLMENT_ID }));
    server.script('POST /enrollments', unavailable);
    server.script(`POST /enrollments/${ENROLLMENT_ID}/documents`, unavailable);
    server.script(`POST /tasks/${PDF_TASK_ID}`, unavailable);
    server.script('POST /enrollments/export', unavailable);

    const updated = await stedi.POST('/enrollments/{enrollmentId}', { params: { path: { enrollmentId: ENROLLMENT_ID } }, body: eraEnrollment });
    expect(updated.response.status).toBe(200);
    expect(server.count(`POST /enrollments/${ENROLLMENT_ID}`)).toBe(2);

    expect((await stedi.POST('/enrollments', { body: eraEnrollment })).response.status).toBe(503);
    expect((await stedi.POST('/enrollments/{enrollmentId}/documents', { params: { path: { enrollmentId: ENROLLMENT_ID } }, body: { name: 'a.pdf', taskId: PDF_TASK_ID } })).response.status).toBe(503);
    expect((await stedi.POST('/tasks/{taskId}', { params: { path: { taskId: PDF_TASK_ID } }, body: { completed: true } })).response.status).toBe(503);
    expect((await stedi.POST('/enrollments/export', { body: {} })).response.status).toBe(503);
    for (const route of ['POST /enrollments', `POST /enrollments/${ENROLLMENT_ID}/documents`, `POST /tasks/${PDF_TASK_ID}`, 'POST /enrollments/export']) {
      expect(server.count(route), route).toBe(1);
    }
  });
});
