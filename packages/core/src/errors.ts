/** Typed errors thrown by careapis clients. None of them ever carries a credential. */
import { createRedactor, headersOf, type Redactor } from './redact.js';

/** What a failed call is known by: which vendor, which operation, how many attempts. */
export interface CallContext {
  /** Vendor package name without scope, e.g. `stedi`. */
  vendor: string;
  /** The spec's operationId, e.g. `createProvider`. */
  operationId: string;
  /** HTTP method of the request. */
  method: string;
  /** Request URL without its query string (query values may hold patient data). */
  url: string;
  /** Attempts made, the first one included. */
  attempts: number;
}

/** Base class of every careapis error. */
export class CareApiBaseError extends Error {
  override name = 'CareApiBaseError';
}

/** Marks careapis errors whichever copy of this package made them (the ESM and the CommonJS build each have their own classes, so `instanceof` fails across them). */
const BRAND = Symbol.for('careapis.error');
Object.defineProperty(CareApiBaseError.prototype, BRAND, { value: true });

/** True when `error` is a careapis error of any class, thrown by any copy of the package (ESM or CommonJS). */
export function isCareApiBaseError(error: unknown): error is CareApiBaseError {
  return (error as Record<symbol, unknown> | null)?.[BRAND] === true;
}

/** A client was created with missing or malformed options; thrown at creation, before any request. */
export class CareApiConfigError extends CareApiBaseError {
  override name = 'CareApiConfigError';
}

/** Failure of a request that never got an HTTP response. */
export class CareApiRequestError extends CareApiBaseError {
  override name = 'CareApiRequestError';
  /** Vendor, operation, URL and attempt count of the failed call. */
  declare readonly context: CallContext;
  constructor(message: string, context: CallContext, options?: { cause?: unknown }) {
    super(`${message} (${context.vendor}.${context.operationId} ${context.method} ${context.url}, ${context.attempts} attempt${context.attempts === 1 ? '' : 's'})`, options);
    this.context = context;
  }
}

/** The connection failed (refused, reset, DNS) on every attempt. */
export class CareApiConnectionError extends CareApiRequestError {
  override name = 'CareApiConnectionError';
}

/** Every attempt ran past the timeout. */
export class CareApiTimeoutError extends CareApiRequestError {
  override name = 'CareApiTimeoutError';
}

/** The caller's AbortSignal fired. */
export class CareApiAbortError extends CareApiRequestError {
  override name = 'CareApiAbortError';
}

/** The vendor answered, but with a body that does not parse as the spec says (e.g. HTML instead of JSON). */
export class CareApiParseError extends CareApiRequestError {
  override name = 'CareApiParseError';
  /** HTTP status of the unparseable response. */
  declare readonly status: number;
  constructor(message: string, context: CallContext, status: number, options?: { cause?: unknown }) {
    super(message, context, options);
    this.status = status;
  }
}

/** Getting a client-credentials token failed. */
export class CareApiAuthError extends CareApiBaseError {
  override name = 'CareApiAuthError';
  /** HTTP status of the token endpoint's answer, when there was one. */
  declare readonly status: number | undefined;
  /** The token endpoint's own error message, when it sent one (the fields the spec marks; secrets scrubbed). */
  declare readonly vendorMessage: string | undefined;
  /** Request id from the token endpoint's response headers, when the vendor sends one. */
  declare readonly requestId: string | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown; vendorMessage?: string | undefined; requestId?: string | undefined }) {
    super(message, options);
    Object.assign(this, { status, vendorMessage: options?.vendorMessage, requestId: options?.requestId });
  }
}

/** What an error status means, to `switch` on: the common 4xx statuses by name, `server` for 5xx, `other` for the rest. */
export type CareApiErrorKind = 'badRequest' | 'unauthorized' | 'forbidden' | 'notFound' | 'conflict' | 'unprocessable' | 'rateLimited' | 'server' | 'other';

const KINDS: Record<number, CareApiErrorKind> = { 400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'notFound', 409: 'conflict', 422: 'unprocessable', 429: 'rateLimited' };

/** The vendor answered with an error status. `body` is the error body, typed per status by the spec. */
export class CareApiError<TBody = unknown> extends CareApiBaseError {
  override name = 'CareApiError';
  /** What the status means (`notFound`, `rateLimited`, `server`…), to `switch` on. */
  declare readonly kind: CareApiErrorKind;
  /** The vendor's own error message from the body, when it sends one. */
  declare readonly vendorMessage: string | undefined;
  /** Response headers, lower-case names, secrets redacted. */
  declare readonly headers: Record<string, string>;
  /** Vendor package name without scope. */
  declare readonly vendor: string;
  /** The spec's operationId. */
  declare readonly operationId: string;
  /** HTTP status code. */
  declare readonly status: number;
  /** Request id from the response headers, when the vendor sends one. */
  declare readonly requestId: string | undefined;
  /** Error body as the vendor sent it, with secret fields redacted. */
  declare readonly body: TBody;
  /** Attempts made, the first one included. */
  declare readonly attempts: number;
  /** Builds the error; the body is redacted here, so no caller can forget to. */
  constructor(init: {
    vendor: string;
    operationId: string;
    status: number;
    requestId?: string | undefined;
    /** Response headers; secret ones are redacted here. */
    headers?: Headers | undefined;
    body: TBody;
    attempts: number;
    /** Extra body fields to redact (the spec's `format: password` fields). */
    secretFields?: readonly string[] | undefined;
    /** Paths of the body fields holding the vendor's message (the descriptor's `errorMessageFields`). */
    messageFields?: readonly string[] | undefined;
    /** The client's redactor; wins over `secretFields`. */
    redactor?: Redactor | undefined;
  }) {
    const { vendor, operationId, status, requestId, attempts } = init;
    const redactor = init.redactor ?? createRedactor([], init.secretFields);
    const body = redactor.value(init.body) as TBody;
    const vendorMessage = messageOf(body, init.messageFields ?? []);
    super(`${vendor}.${operationId} failed with HTTP ${status}${vendorMessage ? `: ${vendorMessage}` : ''}${requestId ? ` (request id ${requestId})` : ''}`);
    const headers = init.headers ? headersOf(redactor, init.headers) : {};
    Object.assign(this, { vendor, operationId, status, kind: KINDS[status] ?? (status >= 500 ? 'server' : 'other'), vendorMessage, requestId, headers, body, attempts });
  }
  /** A plain object for structured logs; the body is included, already redacted. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

/** Error statuses of a `responses` object: 4xx/5xx codes, `4XX`/`5XX` ranges and `default`. */
type ErrorStatusKey<Responses> = {
  [S in keyof Responses]: `${S & (string | number)}` extends `4${string}` | `5${string}` | 'default' ? S : never;
}[keyof Responses];

/** The body type of one response object: its content, whatever the media type; `undefined` when it has none. */
type ResponseBody<R> = R extends { content: infer C } ? (C extends Record<string, unknown> ? C[keyof C] : undefined) : undefined;

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type AsNumber<S> = S extends `${infer N extends number}` ? N : never;
/** Every 4xx and every 5xx status, as number literals. */
type Status4xx = AsNumber<`4${Digit}${Digit}`>;
type Status5xx = AsNumber<`5${Digit}${Digit}`>;

/** The statuses a response key stands for: itself, or for `4XX`/`5XX`/`default` every status of the range the operation does not list on its own. */
type StatusOf<Key, Listed> = Key extends number ? Key : Key extends `${infer N extends number}` ? N : Exclude<(Key extends '4XX' ? Status4xx : Key extends '5XX' ? Status5xx : Status4xx | Status5xx), Listed>;

/**
 * A `CareApiError` of one operation, as a union over its error statuses: checking `status`
 * narrows `body` to that status's schema (a `4XX`, `5XX` or `default` response covers the
 * statuses the operation does not list, so `status === 404` never lands on it). `Op` is the
 * generated `operations["…"]` type.
 *
 * ```ts
 * if (isCareApiError<operations['getProvider']>(e) && e.status === 404) e.body.message;
 * ```
 */
export type CareApiErrorFor<Op> = Op extends { responses: infer Responses }
  ? [ErrorStatusKey<Responses>] extends [never]
    ? CareApiError
    : {
        [S in ErrorStatusKey<Responses>]: CareApiError<ResponseBody<Responses[S]>> & { readonly status: StatusOf<S, StatusOf<Extract<ErrorStatusKey<Responses>, number | `${number}`>, never>> };
      }[ErrorStatusKey<Responses>]
  : CareApiError;

/**
 * True when `error` is a {@link CareApiError} (of `operationId`, when given), typed per status by
 * the type argument: an operation's error type (`GetProviderError`) or its `operations["…"]` type.
 * Unlike `instanceof`, it also holds for an error thrown by the other copy of the package (ESM or CommonJS).
 */
export function isCareApiError<Op = unknown>(error: unknown, operationId?: string): error is Op extends CareApiError<unknown> ? Op : CareApiErrorFor<Op> {
  return isCareApiBaseError(error) && error.name === 'CareApiError' && (operationId === undefined || (error as CareApiError).operationId === operationId);
}

/** The vendor's own message: the fields its spec marks, joined; never the whole body (it may echo PHI). */
export function messageOf(body: unknown, paths: readonly string[]): string | undefined {
  const parts = paths
    .map((path) => path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), body))
    .filter((v): v is string => typeof v === 'string' && v !== '' && v.length <= 200);
  return parts.length ? [...new Set(parts)].join(' - ') : undefined;
}
