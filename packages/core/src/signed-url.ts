/**
 * Pre-signed URLs, opt-in: vendors hand out short-lived URLs on another host (S3 and alike) to
 * upload a document to or download an export from. These calls go there with the client's
 * timeouts, retries, logging and redaction, but without its credentials or headers: an API key
 * or token never reaches the storage host. The URL's query (its signature) is never put in an
 * error or a log line. A bundle that never imports these carries none of it.
 */
import { CareApiConfigError } from './errors.js';
import { CareApiPromise, type WithResponse } from './operation.js';
import type { CallOptions } from './options.js';
import { REDACTED } from './redact.js';
import { errorOf, requestIdOf } from './result.js';
import { INTERNALS, mergeHeaders, type ClientInternals } from './runtime.js';
import type { OperationMeta } from './types.js';

/** Options of {@link uploadToSignedUrl}. */
export interface SignedUploadOptions extends CallOptions {
  /** The `Content-Type` the URL was signed for, e.g. `application/pdf`. Default: the Blob's type, else `application/octet-stream`. */
  contentType?: string | undefined;
}

/** Options of {@link downloadSignedUrl}. */
export interface SignedDownloadOptions<As extends 'text' | 'blob'> extends CallOptions {
  /** Read the file as text (`text`, e.g. CSV) or as a Blob (`blob`, e.g. PDF). Default `blob`. */
  as?: As | undefined;
}

/** Internals of a client, or a `CareApiConfigError`; and an absolute http(s) URL, or a `CareApiConfigError` that does not echo it. */
function target(client: object, url: string, what: string): { internals: ClientInternals; base: string; path: string } {
  const internals = INTERNALS.get(client);
  if (!internals) throw new CareApiConfigError(`${what}: the first argument must be a client made by a careapis create…Client() function`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CareApiConfigError(`${what}: the URL is not an absolute URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new CareApiConfigError(`${what}: the URL must be http(s), got ${parsed.protocol}`);
  if (parsed.username || parsed.password) throw new CareApiConfigError(`${what}: the URL must not carry credentials`);
  // The whole URL is the base; the path stays empty, so nothing is added to or encoded in the signed URL.
  return { internals, base: url, path: '' };
}

/** Sends one bare call (no client credentials) and reads it into data, or rejects with its error. */
async function send<T>(internals: ClientInternals, op: OperationMeta, base: string, init: Parameters<ClientInternals['bare']>[1]): Promise<WithResponse<T>> {
  const result = await internals.bare(op, { ...init, baseUrl: base });
  if (result.error !== undefined || !result.response.ok) {
    // Storage hosts echo the signature in error bodies (S3's SignatureDoesNotMatch): it is a credential too.
    if (typeof result.error === 'string') for (const value of new URL(base).searchParams.values()) if (value.length >= 8) result.error = (result.error as string).split(value).join(REDACTED);
    throw errorOf(result);
  }
  return { data: result.data as T, response: result.response, requestId: requestIdOf(result.response) };
}

/**
 * Uploads `body` to a pre-signed URL with `PUT`: the bytes only, with the `Content-Type` the URL
 * was signed for, no credentials of the client. Retried on connection errors and 5xx like any
 * PUT. Resolves when the storage host accepted the file; rejects with a `CareApiError` otherwise.
 */
export function uploadToSignedUrl(client: object, url: string, body: Blob | Uint8Array | ArrayBuffer | string, options: SignedUploadOptions = {}): CareApiPromise<undefined> {
  const { contentType, ...call } = options;
  const run = async (): Promise<WithResponse<undefined>> => {
    const { internals, base } = target(client, url, 'uploadToSignedUrl');
    const type = contentType ?? (body instanceof Blob && body.type ? body.type : 'application/octet-stream');
    const op: OperationMeta = { id: 'uploadToSignedUrl', method: 'PUT', path: '' };
    const bytes = body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : body;
    const headers: Record<string, string> = {};
    mergeHeaders(headers, call.headers);
    headers['content-type'] = type;
    const sent = await send<unknown>(internals, op, base, { ...call, headers, body: bytes, bodySerializer: (b: unknown) => b, parseAs: 'text' });
    return { ...sent, data: undefined };
  };
  return new CareApiPromise(run());
}

/**
 * Downloads a file from a pre-signed URL with `GET`, no credentials of the client: as text
 * (`as: 'text'`, e.g. a CSV export) or as a Blob (the default, e.g. a PDF).
 */
export function downloadSignedUrl<As extends 'text' | 'blob' = 'blob'>(client: object, url: string, options: SignedDownloadOptions<As> = {}): CareApiPromise<As extends 'text' ? string : Blob> {
  const { as = 'blob', ...call } = options;
  const run = async (): Promise<WithResponse<As extends 'text' ? string : Blob>> => {
    const { internals, base } = target(client, url, 'downloadSignedUrl');
    return send(internals, { id: 'downloadSignedUrl', method: 'GET', path: '' }, base, { ...call, parseAs: as });
  };
  return new CareApiPromise(run());
}
