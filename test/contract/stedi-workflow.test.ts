/**
 * The enrollment workflow of @careapis/stedi, end to end, each step built from the answers of the
 * steps before it: create a provider → enroll it with a payer → read the task Stedi raised → get
 * the template → create a document upload → put the PDF → complete the task → follow the status
 * → export the enrollments as CSV.
 *
 * The Stedi calls go through the typed client to a Prism mock of specs/stedi.yaml, which validates
 * every request against the spec. What Prism cannot model runs on the loopback server, standing
 * in for the storage host of Stedi's pre-signed URLs (Amazon S3): the template PDF, the PDF
 * upload and the CSV file, sent with the package's `downloadSignedUrl`/`uploadToSignedUrl`. Prism answers with the spec's example URLs, so each pre-signed URL is
 * moved onto the loopback server with its path and query kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStediClient, downloadSignedUrl, uploadToSignedUrl, type ProviderContact } from '@careapis/stedi';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer, type Handler } from '../support/loopback-server.js';

const API_KEY = 'test-api-key';
const TEMPLATE_PDF = '%PDF-1.7\n% ERA agreement template\n%%EOF\n';
const SIGNED_PDF = new TextEncoder().encode('%PDF-1.7\n% signed ERA agreement\n%%EOF\n');
const CSV_HEADER = 'Enrollment ID,Status,Provider name,Provider NPI,Provider tax ID,Stedi payer ID,Transaction type,Created at';

/**
 * The storage host: `PUT` stores the bytes (S3 answers 200 with an ETag, and refuses a PDF upload
 * sent with another media type), `GET` of a `.pdf` serves the template, `GET` of a `.csv` serves
 * an export with one row per enrollment asked for (`rows` below). The CSV columns are
 * illustrative: Stedi does not document them.
 */
let rows = 0;
const stored = new Map<string, Uint8Array>();
const storageHost: Handler = (request) => {
  if (request.method === 'PUT') {
    if (request.headers['content-type'] !== 'application/pdf') return reply(403, '<Error><Code>SignatureDoesNotMatch</Code></Error>', { 'content-type': 'application/xml' });
    stored.set(request.path, request.bytes);
    return reply(200, undefined, { etag: '"9b2cf535f27731c974343645a3985328"' });
  }
  if (request.method === 'GET' && request.path.endsWith('.pdf')) return reply(200, TEMPLATE_PDF, { 'content-type': 'application/pdf' });
  if (request.method === 'GET' && request.path.endsWith('.csv')) {
    const lines = Array.from({ length: rows }, (_, i) => `enr-${i + 1},LIVE,BDQ Dental Inc,1999999992,555123456,KMQTZ,claimPayment,2025-04-01T12:00:00Z`);
    return reply(200, [CSV_HEADER, ...lines].join('\r\n') + '\r\n', { 'content-type': 'text/csv' });
  }
  return reply(404, '<Error><Code>NoSuchKey</Code></Error>', { 'content-type': 'application/xml' });
};

let mock: MockServer;
const storage = useLoopbackServer({ respond: storageHost });
beforeAll(async () => {
  mock = await startMock('stedi');
});
afterAll(() => mock?.close());

/** A pre-signed URL from Stedi's answer, moved onto the loopback storage host. */
const onStorage = (presigned: string): string => {
  const url = new URL(presigned);
  return new URL(`${url.pathname}${url.search}`, storage.url).toString();
};

describe('stedi enrollment workflow', () => {
  it('provider → enrollment → task → document upload → task completed → status → CSV export', async () => {
    const stedi = createStediClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 });
    const contact: ProviderContact = { firstName: 'Test', lastName: 'Tester', email: 'bob@fortdental.center', phone: '5551234567', streetAddress1: '123 Some Str', city: 'A City', state: 'WA', zipCode: '12345' };
    const step = <T>(call: Promise<T>): Promise<T> => call.catch((error: unknown) => Promise.reject(new Error(`${String(error)}\n${mock.output()}`)));

    // 1. The provider record.
    const provider = await step(stedi.createProvider({ body: { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN', contacts: [contact] } }));
    const providerId = provider.id;
    expect(providerId).not.toBe('');

    // 2. Enroll it for 835 ERAs with UnitedHealthcare, submitted at once.
    const created = await step(
      stedi.createEnrollment({
        body: {
          provider: { id: providerId },
          payer: { idOrAlias: '87726' },
          transactions: { claimPayment: { enroll: true } },
          aggregationPreference: { taxId: provider.taxId ?? '' },
          primaryContact: contact,
          userEmail: 'ops@fortdental.center',
          status: 'STEDI_ACTION_REQUIRED',
        },
      }),
    );
    expect(created.provider.id).toBe(providerId);
    const enrollmentId = created.id;

    // 3. Stedi needs something from the provider: the first open task, in rank order, asks for a filled PDF.
    const waiting = await step(stedi.getEnrollment({ enrollmentId }));
    expect(waiting.status).toBe('PROVIDER_ACTION_REQUIRED');
    const task = (waiting.tasks ?? []).filter((t) => !t.isComplete && t.responsibleParty === 'PROVIDER').sort((a, b) => a.rank - b.rank)[0];
    const definition = task?.definition;
    if (!task || !definition || !('provideFilledPdf' in definition)) throw new Error(`expected an open provideFilledPdf task first, got ${JSON.stringify(task)}`);

    // 4. The template: its documentDownloadUrl is the download operation's URL; that answers with a pre-signed URL.
    const templateId = /\/documents\/([^/]+)\/download$/.exec(definition.provideFilledPdf.documentDownloadUrl ?? '')?.[1] ?? '';
    const template = await step(stedi.createEnrollmentDocumentDownload({ documentId: templateId }));
    const { data: templatePdf, response: templateResponse } = await downloadSignedUrl(stedi, onStorage(template.downloadUrl ?? '')).withResponse();
    expect(templateResponse.headers.get('content-type')).toBe('application/pdf');
    expect(await templatePdf.text()).toBe(TEMPLATE_PDF);

    // 5. A document upload for that task, then the signed PDF put to the pre-signed URL, without the Stedi key.
    const fileName = 'signed-era-agreement.pdf';
    const upload = await step(stedi.createEnrollmentDocumentUpload({ enrollmentId, body: { name: fileName, taskId: task.id } }));
    expect(upload.enrollmentId).toBe(enrollmentId);
    await uploadToSignedUrl(stedi, onStorage(upload.uploadUrl ?? ''), SIGNED_PDF, { contentType: 'application/pdf' });
    expect(stored.get(new URL(upload.uploadUrl ?? '').pathname)).toEqual(Buffer.from(SIGNED_PDF));

    // 6. Complete the task with the uploaded document.
    const documentId = upload.documentId ?? '';
    const completed = await step(stedi.updateTask({ taskId: task.id, body: { completed: true, responseData: { pdfUpload: { documentId, fileName } } } }));
    expect(completed.task).toMatchObject({ id: task.id, isComplete: true, responseData: { pdfUpload: { documentId, fileName } } });

    // 7. The status moves on: back with Stedi, the document uploaded, the task done.
    const after = await step(stedi.getEnrollment({ enrollmentId }, { headers: { Prefer: 'example=afterTaskCompleted' } }));
    expect(after.status).toBe('STEDI_ACTION_REQUIRED');
    expect(after.history?.at(-1)).toMatchObject({ previousStatus: 'PROVIDER_ACTION_REQUIRED', newStatus: 'STEDI_ACTION_REQUIRED' });
    expect(after.documents?.find((doc) => doc.id === documentId)).toMatchObject({ status: 'UPLOADED', taskId: task.id, name: fileName });
    expect(after.tasks?.find((t) => t.id === task.id)?.isComplete).toBe(true);

    // 8. Export the provider's enrollments: Stedi answers with a pre-signed URL; the CSV comes from the storage host.
    const exported = await step(stedi.exportEnrollmentsCsv({ body: { providerIds: [providerId] } }));
    const recordCount = exported.recordCount ?? 0;
    expect(recordCount).toBeGreaterThan(0);
    rows = recordCount;
    const csv = await downloadSignedUrl(stedi, onStorage(exported.downloadUrl ?? ''), { as: 'text' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(recordCount + 1);
    expect(exported.filename).toBe(new URL(exported.downloadUrl ?? '').pathname.split('/').at(-1));

    // No Stedi credential reached the storage host.
    expect(storage.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    // The storage host saw the three pre-signed requests and nothing else. (Prism refuses a Stedi call without the key with a 401, so every step above also carried it.)
    expect(storage.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
  });
});
