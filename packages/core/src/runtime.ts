/**
 * Wires one vendor client: auth from the spec, client-level headers, and the typed operation
 * methods. A call builds its URL, headers and body the way openapi-fetch's defaults do, sends
 * them through the transport (timeouts, retries, auth) as a plain `fetch(url, init)`, and reads
 * the answer into openapi-fetch's `{ data, error, response }`. No WHATWG `Request` is built
 * unless middleware asks for one: in Node that object alone costs about half a loopback call.
 */
import type { Client, FetchResponse, MaybeOptionalInit, Middleware, ParseAs } from 'openapi-fetch';
import { resolveBaseUrl } from './environments.js';
import { CareApiAbortError, CareApiBaseError, CareApiConfigError, CareApiConnectionError, CareApiParseError, CareApiTimeoutError } from './errors.js';
import { checkHeaders } from './headers.js';
import { checkCallOptions, checkClientOptions, type BaseClientOptions, type CallOptions, type TokenSource } from './options.js';
import { createRedactor } from './redact.js';
import { attachRecord, type FetchResult } from './result.js';
import { RETRY_DEFAULTS } from './retry.js';
import { contextOf, createTransport, describeCause, type Transport, type TransportConfig } from './transport.js';
import type { AuthSetup, CallRecord, OperationMeta, Outgoing, VendorDescriptor } from './types.js';
import { pathOf, queryOf } from './url.js';

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

/** A vendor's operations by method name: method, path template, whether it may be retried or sends multipart, and the spec's operationId when it differs from the name. */
export type OperationTable = Readonly<Record<string, Omit<OperationMeta, 'id'> & { id?: string }>>;

/** What a generated client is built from. */
export interface Runtime<Name extends string = string> {
  /** The base URL requests go to. */
  baseUrl: string;
  /**
   * One method per operation of the table, by name: `(init) => Promise<{ data, error, response }>`.
   * This object is the client: {@link rawClient} finds the client's internals through it.
   */
  methods: Record<Name, (init?: object) => Promise<FetchResult>>;
}

declare const PATHS: unique symbol;

/** A generated client of the API described by `Paths`; the type parameter types its {@link rawClient}. */
export interface VendorClient<Paths extends {}> {
  /** Type-only: never set at run time. */
  readonly [PATHS]?: Paths;
}

/** Sends a call through the client's middleware and the call's own (`perCall`), then the transport; installed by {@link rawClient}, so bundles without middleware leave it out. */
export type MiddlewareRunner = (request: Outgoing, record: CallRecord, params?: object, perCall?: Middleware[]) => Promise<Response>;

/** What the opt-in modules ({@link rawClient}, middleware) need from a client. Internal. */
export interface ClientInternals {
  /** One call of an operation, with every policy. */
  call(op: OperationMeta, init?: CallInit): Promise<FetchResult>;
  /** Every operation of the table. */
  metas: OperationMeta[];
  /** The client's transport (auth, timeouts, retries). */
  send: Transport;
  /** The base URL requests go to. */
  baseUrl: string;
  /** Middleware registered with `use`, run on every call in order. */
  middleware: Middleware[];
  /** The middleware runner, once loaded. */
  run?: MiddlewareRunner | undefined;
  /** The raw client, once made. */
  raw?: unknown;
}

/** Each client's internals, by its methods object. */
export const INTERNALS = new WeakMap<object, ClientInternals>();

/** The pieces a generated client adds to the runtime, so a bundle carries only the ones its vendor uses. */
export interface RuntimeParts {
  /** The auth of the spec's security scheme (`apiKeyAuth`, `tokenAuth` or `clientCredentialsAuth`). */
  auth?: AuthSetup;
  /** The body serializer of multipart operations (`toFormData`). */
  multipart?: (body: unknown) => FormData;
  /** Reads retry hints from error bodies (`retryAfterFromBody`), for specs with `x-careapis-retry-after`. */
  retryAfterBody?: (text: string, field: string) => number | undefined;
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

/** A call's init as the runtime reads it (the typed form is {@link OperationInit}). */
export interface CallInit extends CallOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeaderSource };
  body?: unknown;
  headers?: HeaderSource;
  parseAs?: ParseAs;
  querySerializer?: unknown;
  bodySerializer?: (body: unknown, headers: Record<string, string>) => unknown;
  baseUrl?: string;
  middleware?: Middleware[];
  signal?: AbortSignal | null;
  redirect?: RequestInit['redirect'];
}

/** Header values as openapi-fetch takes them: `null` removes a header, an array sends it several times. */
export type HeaderSource = ConstructorParameters<typeof Headers>[0] | Record<string, string | number | boolean | (string | number | boolean)[] | null | undefined>;

/** Builds the runtime for one vendor client. Throws {@link CareApiConfigError} for missing or malformed options. */
export function createRuntime<Table extends OperationTable = OperationTable>(
  vendor: VendorDescriptor,
  options: RuntimeOptions,
  version: string,
  operations: Table = {} as Table,
  parts: RuntimeParts = {},
): Runtime<keyof Table & string> {
  const { title } = vendor;
  if (typeof options !== 'object' || options === null) throw new CareApiConfigError(`${title}: options are required`);
  const baseUrl = resolveBaseUrl(vendor, options.environment, options.baseUrl);
  const headers: Record<string, string> = { 'user-agent': `${vendor.packageName}/${version}${options.userAgent ? ` ${options.userAgent}` : ''}` };
  mergeHeaders(headers, options.headers);
  for (const [option, header] of Object.entries(vendor.clientOptions ?? {})) {
    const value = (options as Record<string, unknown>)[option];
    if (typeof value !== 'string' || value === '') throw new CareApiConfigError(`${title}: option \`${option}\` is required (the \`${header}\` header)`);
    headers[header.toLowerCase()] = value;
  }

  const retry = { ...RETRY_DEFAULTS, ...options.retry, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) };
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  checkClientOptions(title, options, { timeout, ...retry });

  const scheme = vendor.auth;
  const redact = options.redact ?? [];
  const redactor = createRedactor([...redact, ...(vendor.secretHeaders ?? [])], [...redact, ...(vendor.secretFields ?? [])]);
  const config: TransportConfig = {
    vendor,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeout,
    retry,
    logger: options.logger,
    redactor,
    retryAfterBody: parts.retryAfterBody,
  };
  const metas: OperationMeta[] = [];
  const methods: Record<string, (init?: object) => Promise<FetchResult>> = {};
  for (const [name, op] of Object.entries(operations)) {
    const meta = { id: name, ...op };
    metas.push(meta);
    methods[name] = (init) => call(meta, init);
  }

  const tokenPath = scheme?.type === 'bearer' ? scheme.token?.path : undefined;
  // The token request goes through the same URL building, timeouts and retries, without auth or middleware.
  let mintSend: Transport | undefined;
  const auth = scheme
    ? // The generator passes the auth part of every scheme it emits.
      parts.auth!({
        title,
        scheme,
        options,
        headers,
        secret: (value) => redactor.addValue(value),
        async mint(body, limits) {
          // Errors and log lines name the token request by its operation, when the spec has one.
          const id = metas.find((m) => m.method === 'POST' && m.path === tokenPath)?.id ?? 'token';
          const { data, response } = await call({ id, method: 'POST', path: tokenPath ?? '', idempotent: true }, { body, bodySerializer: String, parseAs: 'text', timeout: limits?.timeout, maxRetries: limits?.maxRetries }, (mintSend ??= createTransport(config)));
          return { status: response.status, text: typeof data === 'string' ? data : '' };
        },
      })
    : undefined;
  // The headers of every call (API key, client options, `headers`, user agent) are checked once, here: a bad value is refused now, not quoted by fetch later.
  checkHeaders(title, headers);

  const send: Transport = createTransport({ ...config, auth });
  const internals: ClientInternals = { call, metas, send, baseUrl, middleware: [] };
  INTERNALS.set(methods, internals);

  /** One call of one operation: URL, headers and body as openapi-fetch builds them, the transport, then the answer read. */
  async function call(op: OperationMeta, init: CallInit = {}, sender?: Transport): Promise<FetchResult> {
    const { params = {}, body, parseAs = 'json', querySerializer, bodySerializer, signal = null } = init;
    checkCallOptions(title, init);
    if (querySerializer !== undefined && typeof querySerializer !== 'function') {
      throw new CareApiConfigError(`${title}: \`querySerializer\` must be a function: createQuerySerializer(options)`);
    }
    const record: CallRecord = { vendor, op, attempts: 0, status: 0, timeout: init.timeout, maxRetries: init.maxRetries, redactor, streamed: parseAs === 'stream' };
    const search = querySerializer ? (querySerializer as (query: object) => string)(params.query ?? {}).replace(/^\?/, '') : queryOf(params.query);
    const url = `${init.baseUrl ? resolveBaseUrl(vendor, undefined, init.baseUrl) : baseUrl}${pathOf(op.path, params.path)}${search ? `?${search}` : ''}`;
    const request: Outgoing = { method: op.method, url, headers: { ...headers }, body: undefined, signal, redirect: init.redirect };
    mergeHeaders(request.headers, init.headers);
    mergeHeaders(request.headers, params.header);
    if (body !== undefined) {
      const serialized = (bodySerializer ?? (op.multipart ? parts.multipart : undefined) ?? serializeBody)(body, request.headers) as RequestInit['body'];
      if (!(serialized instanceof FormData)) request.headers['content-type'] ??= 'application/json';
      request.body = serialized;
    }
    try {
      if (init.middleware && !internals.run) throw new CareApiConfigError(`${title}: per-call \`middleware\` needs rawClient(client) called once first`);
      // The token request (`sender`) skips middleware; other calls go through it once rawClient() has loaded it.
      const through: MiddlewareRunner = sender ?? internals.run ?? send;
      const response = await through(request, record, params, init.middleware);
      const result = await read(response, parseAs, op.method);
      // Vendors echo requests back in error bodies (Telehealth's `input_data`): no secret sent comes back to the caller.
      if (result.error !== undefined) result.error = redactor.value(result.error, redactor.valuesIn(body));
      attachRecord(result, record);
      return result;
    } catch (error) {
      throw callError(error, record, request);
    } finally {
      // The call has settled: stop the attempt's own timer. A body handed over as a stream is then the
      // caller's to read: no timer on it, but their signal still cancels it.
      record.watch?.clear();
    }
  }

  return { baseUrl, methods };
}

/** openapi-fetch's default body serializer (also handed to middleware as `options.bodySerializer`): form-urlencoded when the content type says so, else JSON. */
export function serializeBody(body: unknown, headers?: Record<string, string>): string | FormData {
  if (body instanceof FormData) return body;
  if (headers?.['content-type'] === 'application/x-www-form-urlencoded') return new URLSearchParams(body as Record<string, string>).toString();
  return JSON.stringify(body);
}

/** Merges headers into `target` (lower-case names): `null` removes one, an array sends every value. */
function mergeHeaders(target: Record<string, string>, source: HeaderSource | undefined): void {
  if (!source) return;
  const entries = source instanceof Headers || Array.isArray(source) ? [...new Headers(source)] : Object.entries(source);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (value === null) delete target[key];
    else if (value !== undefined) target[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/** The answer as openapi-fetch reads it: no body for 204, HEAD and empty answers; `data` parsed per `parseAs` (an empty JSON body is `undefined`); an error body as JSON when it parses, else text. */
async function read(response: Response, parseAs: ParseAs, method: string): Promise<FetchResult> {
  const { ok, headers } = response;
  if (response.status === 204 || method === 'HEAD' || (headers.get('content-length') === '0' && !headers.get('transfer-encoding')?.includes('chunked'))) {
    return ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (ok && parseAs !== 'json') return { data: parseAs === 'stream' ? response.body : await response[parseAs](), response };
  const text = await response.text();
  if (ok) return { data: text ? (JSON.parse(text) as unknown) : undefined, response };
  try {
    return { error: JSON.parse(text) as unknown, response };
  } catch {
    return { error: text, response };
  }
}

/**
 * The error a call ends with. Errors from the transport pass through; failures while openapi-fetch
 * reads the body become typed: the attempt's timer or the caller's signal fired, or the body is not JSON.
 */
function callError(error: unknown, record: CallRecord, request: { method: string; url: string; signal: AbortSignal | null }): unknown {
  if (error instanceof CareApiBaseError) return error;
  const context = contextOf(record, request.method, request.url);
  if (record.watch?.timedOut()) {
    return new CareApiTimeoutError(`no complete response within ${record.watch.ms} ms`, context, { cause: error });
  }
  if (request.signal?.aborted) return new CareApiAbortError('aborted by the caller', context, { cause: error });
  if (error instanceof SyntaxError) {
    // openapi-fetch could not parse a success body as JSON: the vendor sent something other than the spec says.
    // No cause: JSON.parse's message quotes the body, which may hold patient data.
    return new CareApiParseError('the response body is not valid JSON', context, record.status);
  }
  // fetch's `TypeError: terminated`: the connection dropped in the middle of the answer's body.
  if (error instanceof TypeError && record.status) return new CareApiConnectionError(`connection failed: ${describeCause(error)}`, context, { cause: error });
  return error;
}
