/**
 * Pre-signed URLs (`uploadToSignedUrl`, `downloadSignedUrl`) against a second loopback server
 * standing in for the storage host: the bytes and content type arrive intact, no credential or
 * client header of the vendor client goes along, retries apply, and the URL's signature never
 * reaches an error or a log line.
 */
import { describe, expect, it } from 'vitest';
import { CareApiConfigError, CareApiError, createStediClient, debugLogger, downloadSignedUrl, uploadToSignedUrl } from '@careapis/stedi';
import { createCandidClient } from '@careapis/candid';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { useLeakCheck } from './secret-leaks.js';

const KEY = 'stedi-key-signed-4a9e';
const SIGNATURE = 'Sig-0123456789abcdef0123';
const TOKEN = 'candid-token-signed-77aa';
const leaks = useLeakCheck({ KEY, SIGNATURE, TOKEN });
const vendor = useLoopbackServer();
const storage = useLoopbackServer();
const signed = (path: string): string => `${storage.url}${path}?X-Amz-Expires=86400&X-Amz-Signature=${SIGNATURE}`;
const stedi = () => createStediClient({ apiKey: KEY, baseUrl: vendor.url, headers: { 'x-team': 'ops' }, logger: debugLogger(leaks.logger, { bodies: true }), retry: { initialDelayMs: 1, maxDelayMs: 2 } });

describe('uploadToSignedUrl', () => {
  it('PUTs the bytes with the signed content type, and nothing of the vendor client: no key, no client headers', async () => {
    storage.script('PUT /uploads/doc-1.pdf', reply(200, ''));
    const pdf = new Blob(['%PDF-1.7 test'], { type: 'application/pdf' });
    await uploadToSignedUrl(stedi(), signed('/uploads/doc-1.pdf'), pdf);
    const [request] = storage.on('PUT /uploads/doc-1.pdf');
    expect(request?.url).toBe(`/uploads/doc-1.pdf?X-Amz-Expires=86400&X-Amz-Signature=${SIGNATURE}`);
    expect(request?.body).toBe('%PDF-1.7 test');
    expect(request?.headers['content-type']).toBe('application/pdf');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['x-team']).toBeUndefined();
    expect(request?.headers['user-agent']).toMatch(/^@careapis\/stedi\//);
    expect(vendor.requests).toHaveLength(0);
  });

  it('a bearer client (token vendor) sends no Authorization either; bytes and an explicit content type', async () => {
    storage.script('PUT /uploads/a.csv', reply(200, ''));
    const candid = createCandidClient({ token: TOKEN, baseUrl: vendor.url });
    await uploadToSignedUrl(candid, signed('/uploads/a.csv'), new TextEncoder().encode('a,b\n1,2\n'), { contentType: 'text/csv' });
    const [request] = storage.on('PUT /uploads/a.csv');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['content-type']).toBe('text/csv');
    expect(request?.body).toBe('a,b\n1,2\n');
  });

  it('retries a 503 (PUT is safe to repeat) and sends the bytes intact again', async () => {
    storage.script('PUT /uploads/retry.pdf', reply(503, 'busy'), reply(200, ''));
    await uploadToSignedUrl(stedi(), signed('/uploads/retry.pdf'), new Blob(['bytes'], { type: 'application/pdf' }));
    expect(storage.on('PUT /uploads/retry.pdf').map((r) => r.body)).toEqual(['bytes', 'bytes']);
  });

  it('a refused upload rejects with CareApiError; the signature the host echoes is redacted, and the URL in errors has no query', async () => {
    const s3Error = `<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>${SIGNATURE}</SignatureProvided></Error>`;
    storage.script('PUT /uploads/bad.pdf', reply(403, s3Error, { 'content-type': 'application/xml' }));
    const error = await leaks.rejection(uploadToSignedUrl(stedi(), signed('/uploads/bad.pdf'), new Blob(['x'])));
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 403, operationId: 'uploadToSignedUrl' });
    expect(String((error as CareApiError).body)).toContain('SignatureDoesNotMatch');
    expect(String((error as CareApiError).body)).not.toContain(SIGNATURE);
  });

  it('refuses what is not an absolute http(s) URL, or a URL with credentials, without echoing it', async () => {
    for (const url of ['/relative/path', 'ftp://host/file', `https://user:${SIGNATURE}@host/file`]) {
      const error = await leaks.rejection(uploadToSignedUrl(stedi(), url, 'x'));
      expect(error).toBeInstanceOf(CareApiConfigError);
    }
    expect(storage.requests).toHaveLength(0);
  });
});

describe('downloadSignedUrl', () => {
  it('GETs a CSV as text, without the vendor key', async () => {
    storage.script('GET /exports/e.csv', reply(200, 'npi,status\n1999999992,LIVE\n', { 'content-type': 'text/csv' }));
    const csv = await downloadSignedUrl(stedi(), signed('/exports/e.csv'), { as: 'text' });
    expect(csv).toBe('npi,status\n1999999992,LIVE\n');
    expect(storage.on('GET /exports/e.csv')[0]?.headers.authorization).toBeUndefined();
  });

  it('GETs a file as a Blob by default, and gives the response with withResponse()', async () => {
    storage.script('GET /files/f.pdf', reply(200, '%PDF-1.7', { 'content-type': 'application/pdf' }));
    const { data, response } = await downloadSignedUrl(stedi(), signed('/files/f.pdf')).withResponse();
    expect(data).toBeInstanceOf(Blob);
    expect(await data.text()).toBe('%PDF-1.7');
    expect(response.headers.get('content-type')).toBe('application/pdf');
  });
});
