/** Turning a `{ data, error, response }` result into data or a thrown {@link CareApiError}. */
import { CareApiError } from './errors.js';
import type { CallRecord } from './types.js';

/** The shape openapi-fetch returns. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Where the runtime leaves the call record on an error result, for `unwrap` (not enumerable). */
/** Call records of error results, so `unwrap` can name the operation and count attempts; invisible on the result itself. */
const RECORDS = new WeakMap<FetchResult, CallRecord>();

/** Attaches the call record to an error result. */
export function attachRecord(result: FetchResult, record: CallRecord): void {
  if (result.error !== undefined || !result.response.ok) RECORDS.set(result, record);
}

/** The success body type of a result. */
export type DataOf<R extends FetchResult> = Exclude<Extract<R, { error?: never }>['data'], undefined>;
/** The error body type of a result (a union over the operation's error statuses). */
export type ErrorOf<R extends FetchResult> = Extract<R, { data?: never }>['error'];

/** Response headers that carry a vendor's request id, in the order they are tried (`x-amzn-requestid`: AWS API Gateway, e.g. Stedi). */
export const REQUEST_ID_HEADERS: readonly string[] = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-amz-request-id', 'x-correlation-id', 'x-trace-id'];

/**
 * The data of a successful result; for an error status, throws a {@link CareApiError} carrying
 * vendor, operationId, status, request id, the typed (redacted) body and the attempt count.
 */
export async function unwrap<R extends FetchResult>(result: R | Promise<R>): Promise<DataOf<R>> {
  const settled = await result;
  const { response } = settled;
  if (response.ok && settled.error === undefined) return settled.data as DataOf<R>;
  const record = RECORDS.get(settled);
  const vendor = record?.vendor;
  const requestId = REQUEST_ID_HEADERS.map((h) => response.headers.get(h)).find((v): v is string => typeof v === 'string' && v !== '');
  throw new CareApiError<ErrorOf<R>>({
    vendor: vendor?.name ?? 'unknown',
    operationId: record?.op.id ?? 'unknown',
    status: response.status,
    requestId,
    body: settled.error as ErrorOf<R>,
    attempts: record?.attempts ?? 1,
    secretFields: vendor?.secretFields,
    redactor: record?.redactor,
  });
}
