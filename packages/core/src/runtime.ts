/**
 * Wires one vendor client: openapi-fetch with our light Request and policy-applying fetch,
 * auth from the spec, client-level headers, and the typed operation methods.
 */
import createClient, { createQuerySerializer, type Client, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import { apiKeyHeader } from './auth/api-key.js';
import { staticBearer, type BearerAuth } from './auth/bearer.js';
import { clientCredentials, type MintToken } from './auth/client-credentials.js';
import { resolveBaseUrl } from './environments.js';
import { CareApiAbortError, CareApiBaseError, CareApiConfigError, CareApiParseError, CareApiTimeoutError } from './errors.js';
import type { BaseClientOptions, CallOptions, FetchLike, TokenSource } from './options.js';
import { toFormData } from './form-data.js';
import { Redactor } from './redact.js';
import { LiteRequest } from './request.js';
import { attachRecord, type FetchResult } from './result.js';
import { RETRY_DEFAULTS } from './retry.js';
import { contextOf, createTransport, type Transport, type TransportConfig } from './transport.js';
import type { CallRecord, HttpMethod, OperationMeta, VendorDescriptor } from './types.js';

/** Default timeout per attempt, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** The arguments of an operation method: its init (optional when nothing in it is required) plus per-call options. */
type OperationArgs<Init> = RequiredKeys<Init> extends never
  ? [(Init & CallOptions & { [key: string]: unknown })?]
  : [Init & CallOptions & { [key: string]: unknown }];

/**
 * The typed method for one path item and method: `(init) => Promise<{ data, error, response }>`,
 * the same as openapi-fetch's, and accepting per-call `timeout` and `maxRetries`.
 */
export type OperationMethod<PathInfo, Method extends string> = Method extends keyof PathInfo
  ? PathInfo[Method] extends infer Op extends Record<string | number, unknown>
    ? <Init extends MaybeOptionalInit<PathInfo, Method>>(...init: OperationArgs<Init>) => Promise<FetchResponse<Op, Init, `${string}/${string}`>>
    : never
  : never;

/** The init argument (params, body, headers, signal…) of one path item and method. */
export type OperationInit<PathInfo, Method extends string> = Method extends keyof PathInfo ? MaybeOptionalInit<PathInfo, Method> & CallOptions : never;

/** The openapi-fetch client type for a `paths` type. */
export type RawClient<Paths extends {}> = Client<Paths>;

/** What a generated client is built from. */
export interface Runtime<Paths extends {}> {
  /** The underlying openapi-fetch client, with every policy applied. */
  raw: Client<Paths>;
  /** The base URL requests go to. */
  baseUrl: string;
  /** A method that calls one operation of the table. */
  operation(op: OperationMeta): (init?: Record<string, unknown>) => Promise<unknown>;
}

/** Options as the runtime sees them: the shared ones plus whichever auth and client-header options the vendor has. */
export type RuntimeOptions = BaseClientOptions & {
  /** API key, for vendors with an API key scheme. */
  apiKey?: string;
  /** Bearer token or token function, for vendors with a bearer scheme. */
  token?: TokenSource;
  /** Client id, for vendors that mint tokens from client credentials. */
  clientId?: string;
  /** Client secret, for vendors that mint tokens from client credentials. */
  clientSecret?: string;
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** openapi-fetch's default query serializer, built once instead of on every call. */
const defaultQuerySerializer = createQuerySerializer();

/** Builds the runtime for one vendor client. Throws {@link CareApiConfigError} for missing or malformed options. */
export function createRuntime<Paths extends {}>(vendor: VendorDescriptor, options: RuntimeOptions, version: string): Runtime<Paths> {
  if (typeof options !== 'object' || options === null) throw new CareApiConfigError(`${vendor.title}: options are required`);
  const baseUrl = resolveBaseUrl(vendor, options.environment, options.baseUrl);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = {
    'user-agent': `${vendor.packageName}/${version}${options.userAgent ? ` ${options.userAgent}` : ''}`,
    ...options.headers,
  };

  for (const [option, header] of Object.entries(vendor.clientOptions ?? {})) {
    const value = (options as Record<string, unknown>)[option];
    if (typeof value !== 'string' || value === '') {
      throw new CareApiConfigError(`${vendor.title}: option \`${option}\` is required (sent as the \`${header}\` header on every call)`);
    }
    headers[header] = value;
  }

  const retry = { ...RETRY_DEFAULTS, ...options.retry, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) };
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  checkTimeout(vendor, timeout, 'timeout');
  checkRetries(vendor, retry.maxRetries, 'maxRetries');

  const scheme = vendor.auth;
  const redact = options.redact ?? [];
  const redactor = new Redactor(
    [...redact, ...(scheme?.type === 'apiKey' ? [scheme.header] : [])],
    [...redact, ...(vendor.secretFields ?? []), ...(scheme?.type === 'bearer' && scheme.token ? [scheme.token.clientSecret, scheme.token.accessToken] : [])],
  );
  const transportBase: TransportConfig = { vendor, fetch: fetchImpl, timeout, retry, logger: options.logger, logBodies: options.logBodies === true, redactor };
  /** Operations by `METHOD path`, so raw calls get their operation's id and idempotency. */
  const routes = new Map<string, OperationMeta>();

  let auth: BearerAuth | undefined;
  if (scheme?.type === 'apiKey') {
    Object.assign(headers, apiKeyHeader(vendor.title, scheme.header, options.apiKey, scheme.prefix));
    redactor.addValue(options.apiKey);
  } else if (scheme?.type === 'bearer') {
    if (options.token !== undefined) {
      auth = staticBearer(vendor.title, options.token, (token) => redactor.addValue(token));
    } else if (scheme.token) {
      const endpoint = scheme.token;
      const mintTransport = createTransport(transportBase);
      const mint: MintToken = async (body) => {
        const op: OperationMeta = { id: routes.get(`POST ${endpoint.path}`)?.id ?? 'token', method: 'POST', path: endpoint.path, idempotent: true };
        const record: CallRecord = { vendor, op, attempts: 0, status: 0, redactor };
        const request = new LiteRequest(baseUrl + endpoint.path, {
          method: 'POST',
          body,
          headers: new Headers({ 'content-type': 'application/json', accept: 'application/json', 'user-agent': headers['user-agent'] ?? '' }),
        });
        try {
          const response = await mintTransport(request, record);
          return { status: response.status, text: await response.text() };
        } catch (error) {
          throw callError(error, record, request);
        } finally {
          record.watch?.clear();
        }
      };
      auth = clientCredentials(vendor.title, endpoint, options, mint, { onToken: (token) => redactor.addValue(token) });
      redactor.addValue(options.clientSecret);
    } else {
      throw new CareApiConfigError(`${vendor.title}: option \`token\` is required (a bearer token, or a function returning one)`);
    }
  }

  const send: Transport = createTransport({ ...transportBase, auth });
  const client = createClient<Paths>({
    baseUrl,
    headers,
    querySerializer: defaultQuerySerializer,
    fetch: ((request: LiteRequest) => send(request)) as unknown as (input: Request) => Promise<Response>,
    Request: LiteRequest as unknown as typeof Request,
  });
  const request = client.request as unknown as (method: string, path: string, init: Record<string, unknown>) => Promise<unknown>;

  /** One call of one operation: per-call options, the call record, and errors raised while its body is read. */
  async function call(op: OperationMeta, init: (Record<string, unknown> & CallOptions) | undefined): Promise<unknown> {
    const callTimeout = init?.timeout;
    const callRetries = init?.maxRetries;
    if (callTimeout !== undefined) checkTimeout(vendor, callTimeout, 'timeout');
    if (callRetries !== undefined) checkRetries(vendor, callRetries, 'maxRetries');
    const record: CallRecord = { vendor, op, attempts: 0, status: 0, timeout: callTimeout, maxRetries: callRetries, redactor, streamed: init?.parseAs === 'stream' };
    // `timeout` and `maxRetries` ride along in the init; openapi-fetch ignores keys it does not know.
    const rest: Record<string, unknown> = { ...init, fetch: (req: LiteRequest | Request) => send(req, record) };
    if (op.multipart && !rest.bodySerializer) rest.bodySerializer = toFormData;
    try {
      const result = (await request(op.method, op.path, rest)) as FetchResult;
      // Vendors echo requests back in error bodies (Telehealth's `input_data`): no secret sent comes back to the caller.
      if (result.error !== undefined) result.error = redactor.value(result.error, redactor.valuesIn(init?.body));
      attachRecord(result, record);
      return result;
    } catch (error) {
      throw callError(error, record, { method: op.method, url: baseUrl + op.path, signal: (rest.signal as AbortSignal | null | undefined) ?? null });
    } finally {
      // A body handed over as a stream is the caller's to read: no timer on it, but their signal still cancels it.
      if (record.streamed) record.watch?.stopTimer();
      else record.watch?.clear();
    }
  }

  /** Raw calls go through `call` too, so they get the operation's id, idempotency and timeouts. */
  const rawCall = (method: string, path: string, init?: Record<string, unknown>): Promise<unknown> => {
    const upper = method.toUpperCase() as HttpMethod;
    return call(routes.get(`${upper} ${path}`) ?? { id: `${upper} ${path}`, method: upper, path }, init);
  };
  const raw = { ...client, request: rawCall } as Record<string, unknown>;
  for (const method of METHODS) raw[method] = (path: string, init?: Record<string, unknown>) => rawCall(method, path, init);

  return {
    raw: raw as unknown as Client<Paths>,
    baseUrl,
    operation(op) {
      routes.set(`${op.method} ${op.path}`, op);
      return (init) => call(op, init);
    },
  };
}

/**
 * The error a call ends with. Errors from the transport pass through; failures while openapi-fetch
 * reads the body become typed: the attempt's timer or the caller's signal fired, or the body is not JSON.
 */
function callError(error: unknown, record: CallRecord, request: { method: string; url: string; signal: AbortSignal | null }): unknown {
  if (error instanceof CareApiBaseError) return error;
  const context = contextOf(record, request.method, request.url);
  if (record.watch?.timedOut()) {
    return new CareApiTimeoutError(`the response body did not arrive within ${record.watch.ms} ms`, context, { cause: error });
  }
  if (request.signal?.aborted) return new CareApiAbortError('request aborted by the caller while the response body was read', context, { cause: error });
  if (error instanceof SyntaxError) {
    // openapi-fetch could not parse a success body as JSON: the vendor sent something other than the spec says.
    return new CareApiParseError('the response body is not valid JSON', context, record.status, { cause: error });
  }
  return error;
}

function checkTimeout(vendor: VendorDescriptor, value: unknown, name: string): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new CareApiConfigError(`${vendor.title}: option \`${name}\` must be a positive number of milliseconds`);
  }
}

function checkRetries(vendor: VendorDescriptor, value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new CareApiConfigError(`${vendor.title}: option \`${name}\` must be a whole number, 0 or more`);
}
