/** Turning a `{ data, error, response }` result into data or a thrown {@link CareApiError}. */
import { CareApiError } from './errors.js';
import type { Answer, CallRecord } from './types.js';

/** The shape openapi-fetch returns. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Where a result made from a light answer (undici transport) keeps it, so the runtime reads status and headers without building a `Response`. */
export const ANSWER = Symbol('careapis.answer');

/** The answer behind a result: its light answer, or its `Response`. */
export function answerOf(result: FetchResult): Answer {
  return (result as { [ANSWER]?: Answer })[ANSWER] ?? result.response;
}

/**
 * Call records of the raw client's error results, so `unwrap` can name the operation and count
 * attempts. A WeakMap, not a property: the result keeps openapi-fetch's exact `{ data, error,
 * response }` shape (the parity test compares its keys), and the record goes when the result does.
 */
const RECORDS = new WeakMap<FetchResult, CallRecord>();

/** Attaches the call record to an error result. */
export function attachRecord(result: FetchResult, record: CallRecord): void {
  if (result.error !== undefined || !answerOf(result).ok) RECORDS.set(result, record);
}

/** The success body type of a result. */
export type DataOf<R extends FetchResult> = Exclude<Extract<R, { error?: never }>['data'], undefined>;
/** The error body type of a result (a union over the operation's error statuses). */
export type ErrorOf<R extends FetchResult> = Extract<R, { data?: never }>['error'];

/** The vendor's request id: the first of the headers its spec marks (`x-careapis-request-id`) that the response carries. */
export function requestIdOf(response: Pick<Answer, 'headers'>, headers: readonly string[] = []): string | undefined {
  for (const name of headers) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The {@link CareApiError} of an error result: vendor, operationId, status, request id, headers and the typed (redacted) body. */
export function errorOf<R extends FetchResult>(result: R): CareApiError<ErrorOf<R>> {
  const { response } = result;
  const record = RECORDS.get(result);
  const vendor = record?.vendor;
  return new CareApiError<ErrorOf<R>>({
    vendor: vendor?.name ?? 'unknown',
    operationId: record?.op.id ?? 'unknown',
    status: response.status,
    requestId: requestIdOf(response, vendor?.requestIdHeaders),
    headers: response.headers,
    body: result.error as ErrorOf<R>,
    attempts: record?.attempts ?? 1,
    secretFields: vendor?.secretFields,
    messageFields: vendor?.errorMessageFields,
    redactor: record?.redactor,
  });
}

/**
 * The data of a successful result; for an error status, throws a {@link CareApiError} carrying
 * vendor, operationId, status, request id, the typed (redacted) body and the attempt count.
 * For the raw client's `{ data, error, response }` results: typed operations already throw.
 */
export async function unwrap<R extends FetchResult>(result: R | Promise<R>): Promise<DataOf<R>> {
  const settled = await result;
  if (settled.response.ok && settled.error === undefined) return settled.data as DataOf<R>;
  throw errorOf(settled);
}
