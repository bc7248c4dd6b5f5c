/**
 * Wires one vendor client: auth from the spec, client-level headers, and the typed operation
 * methods. A call builds its URL, headers and body the way openapi-fetch's defaults do, sends
 * them through the transport (timeouts, retries, auth) as a plain `fetch(url, init)`, and reads
 * the answer into openapi-fetch's `{ data, error, response }`. No WHATWG `Request` is built
 * unless middleware asks for one: in Node that object alone costs about half a loopback call.
 */
import type { Client, Middleware, ParseAs } from 'openapi-fetch';
import { resolveBaseUrl } from './environments.js';
import { CareApiAbortError, CareApiBaseError, CareApiConfigError, CareApiConnectionError, CareApiParseError, CareApiTimeoutError } from './errors.js';
import { checkHeaders } from './headers.js';
import { checkCallOptions, checkClientOptions, type BaseClientOptions, type CallOptions, type HeaderSource, type TokenSource } from './options.js';
import { createRedactor } from './redact.js';
import { invoke, type CareApiPromise } from './operation.js';
import { ANSWER, attachRecord, type FetchResult } from './result.js';
import { RETRY_DEFAULTS } from './retry.js';
import { contextOf, createTransport, describeCause, type Transport, type TransportConfig } from './transport.js';
import type { Answer, AuthSetup, CallRecord, OperationMeta, Outgoing, VendorDescriptor } from './types.js';
import { pathOf, queryOf } from './url.js';

/** Default timeout per attempt, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The openapi-fetch client type for a `paths` type. */
export type RawClient<Paths extends {}> = Client<Paths>;

/** A vendor's operations by method name (each row an {@link OperationMeta}), for clients that carry every operation as a method. */
export type OperationTable = Readonly<Record<string, OperationMeta>>;

/** What a generated client is built from. */
export interface Runtime<Name extends string = string> {
  /** The base URL requests go to. */
  baseUrl: string;
  /**
   * The client: one method per operation of the table, by name, `(args, options) => CareApiPromise<data>`;
   * empty for a client used with single-operation functions. Operations and {@link rawClient} find the client's internals through it.
   */
  methods: Record<Name, (args?: object, options?: CallOptions) => CareApiPromise<unknown>>;
}

declare const PATHS: unique symbol;

/** A generated client of the API described by `Paths`; the type parameter types its {@link rawClient}. */
export interface VendorClient<Paths extends {}> {
  /** Type-only: never set at run time. */
  readonly [PATHS]?: Paths;
}

/** Sends a call through the client's middleware and the call's own (`perCall`), then the transport; installed by {@link rawClient}, so bundles without middleware leave it out. */
export type MiddlewareRunner = (request: Outgoing, record: CallRecord, params?: object, perCall?: Middleware[]) => Promise<Answer>;

/** What the opt-in modules ({@link rawClient}, middleware) need from a client. Internal. */
export interface ClientInternals {
  /** The vendor's title, for error messages. */
  title: string;
  /** What the runtime knows about the vendor. */
  vendor: VendorDescriptor;
  /** One call of an operation, with every policy. */
  call(op: OperationMeta, init?: CallInit): Promise<FetchResult>;
  /** One call without the client's credentials or headers (user agent aside) and without middleware: to a pre-signed URL on another host. */
  bare(op: OperationMeta, init: CallInit): Promise<FetchResult>;
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

/**
 * Each client's internals, by the client object. Kept here rather than on the client so that the
 * client a user holds has nothing but its methods (a `createXBase` client is an empty object: its
 * operations, `rawClient` and the paginators find the internals here), and a WeakMap so a client
 * that is dropped takes its internals with it. A lookup costs about what a property read does.
 */
export const INTERNALS = new WeakMap<object, ClientInternals>();

/** The pieces a generated client adds to the runtime, so a bundle carries only the ones its vendor uses. */
export interface RuntimeParts {
  /** The auth of the spec's security scheme (`apiKeyAuth`, `tokenAuth` or `clientCredentialsAuth`). */
  auth?: AuthSetup;
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

/** A call's init as the runtime reads it: openapi-fetch's init (the raw client's), which typed operations build from their flat arguments. */
export interface CallInit extends CallOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeaderSource };
  body?: unknown;
  parseAs?: ParseAs | undefined;
  /** The query string, already serialized (the raw client's `querySerializer`); default: `params.query` serialized. */
  search?: string;
  /** openapi-fetch's per-call query serializer; the raw client turns it into `search`. */
  querySerializer?: unknown;
  bodySerializer?: (body: unknown, headers: Record<string, string>) => unknown;
  /** With a sender of its own (no auth): send the client's headers too (the token request does). */
  keepHeaders?: boolean;
  /** Base URL for this call, without a trailing slash (the raw client strips it). */
  baseUrl?: string;
  middleware?: Middleware[];
  redirect?: RequestInit['redirect'];
}


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
  const { transport } = options;
  if (transport !== undefined && typeof transport?.send !== 'function') throw new CareApiConfigError(`${title}: option \`transport\` must have send()`);
  const config: TransportConfig = {
    vendor,
    fetch: transport ? (input, init) => transport.send(input, init) : (options.fetch ?? ((input, init) => globalThis.fetch(input, init))),
    timeout,
    retry,
    logger: options.logger,
    limiter: options.limiter,
    redactor,
    retryAfterBody: parts.retryAfterBody,
  };
  const metas = Object.values(operations);
  const methods: Runtime['methods'] = {};
  for (const [name, op] of Object.entries(operations)) methods[name] = (args, callOptions) => invoke(methods, op, args, callOptions);

  const tokenPath = scheme?.type === 'bearer' ? scheme.token?.path : undefined;
  // The token request goes through the same URL building, timeouts and retries, without auth or middleware.
  let bareSend: Transport | undefined;
  const auth = scheme
    ? // The generator passes the auth part of every scheme it emits.
      parts.auth!({
        title,
        vendor,
        scheme,
        options,
        headers,
        secret: (value) => redactor.addValue(value),
        async mint(body, limits) {
          // Errors and log lines name the token request by its operation, when the spec has one.
          const id = scheme.type === 'bearer' ? (scheme.token?.operationId ?? 'token') : 'token';
          return bare({ id, method: 'POST', path: tokenPath ?? '', idempotent: true }, { body, bodySerializer: String, parseAs: 'text', keepHeaders: true, timeout: limits?.timeout, maxRetries: limits?.maxRetries });
        },
      })
    : undefined;
  // The headers of every call (API key, client options, `headers`, user agent) are checked once, here: a bad value is refused now, not quoted by fetch later.
  checkHeaders(title, headers);

  const send: Transport = createTransport({ ...config, auth });
  // Calls that must not carry the client's credentials (the token request, pre-signed URLs) share one transport without auth.
  const bare = (op: OperationMeta, init: CallInit): Promise<FetchResult> => call(op, init, (bareSend ??= createTransport(config)));
  const internals: ClientInternals = { title, vendor, call, bare, metas, send, baseUrl, middleware: [] };
  INTERNALS.set(methods, internals);

  /** One call of one operation: URL, headers and body as openapi-fetch builds them, the transport, then the answer read. */
  async function call(op: OperationMeta, init: CallInit = {}, sender?: Transport): Promise<FetchResult> {
    const { params = {}, body, parseAs = 'json', bodySerializer, signal = null, search = queryOf(params.query) } = init;
    checkCallOptions(title, init);
    const record: CallRecord = { vendor, op, attempts: 0, status: 0, timeout: init.timeout, maxRetries: init.maxRetries, redactor, streamed: parseAs === 'stream' };
    const url = `${init.baseUrl ?? baseUrl}${pathOf(op.path, params.path)}${search ? `?${search}` : ''}`;
    // A call without auth (`sender`) carries the client's headers only when asked (the token request does; a pre-signed URL must not get an API key header).
    const request: Outgoing = { method: op.method, url, headers: sender && !init.keepHeaders ? { 'user-agent': headers['user-agent']! } : { ...headers }, body: undefined, signal, redirect: init.redirect };
    mergeHeaders(request.headers, init.headers);
    mergeHeaders(request.headers, params.header);
    if (body !== undefined) {
      const serialized = (bodySerializer ?? op.multipart ?? serializeBody)(body, request.headers) as RequestInit['body'];
      if (!(serialized instanceof FormData)) request.headers['content-type'] ??= 'application/json';
      request.body = serialized;
    }
    try {
      // The token request (`sender`) skips middleware; other calls go through it once rawClient() has loaded it.
      const through: MiddlewareRunner = sender ?? internals.run ?? send;
      const answer = await through(request, record, params, init.middleware);
      const result = await read(answer, parseAs, op.method);
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
export function mergeHeaders(target: Record<string, string>, source: HeaderSource | undefined): void {
  if (!source) return;
  const entries = source instanceof Headers || Array.isArray(source) ? [...new Headers(source)] : Object.entries(source);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (value === null) delete target[key];
    else if (value !== undefined) target[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/**
 * The answer as openapi-fetch reads it: no body for 204, HEAD and empty answers; `data` parsed per `parseAs` (an empty JSON body is `undefined`); an error body as JSON when it parses, else text.
 * A light answer (undici transport) gets its `Response` built only when the result's `response` is read.
 */
async function read(answer: Answer, parseAs: ParseAs, method: string): Promise<FetchResult> {
  const { ok, headers } = answer;
  const done = (result: object): FetchResult =>
    ('toResponse' in answer ? Object.defineProperties(result, { response: { get: () => answer.toResponse(), enumerable: true }, [ANSWER]: { value: answer } }) : Object.assign(result, { response: answer })) as FetchResult;
  if (answer.status === 204 || method === 'HEAD' || (headers.get('content-length') === '0' && !headers.get('transfer-encoding')?.includes('chunked'))) {
    return done(ok ? { data: undefined } : { error: undefined });
  }
  if (ok && parseAs !== 'json') return done({ data: parseAs === 'stream' ? answer.body : await answer[parseAs]() });
  const text = await answer.text();
  if (ok) return done({ data: text ? (JSON.parse(text) as unknown) : undefined });
  try {
    return done({ error: JSON.parse(text) as unknown });
  } catch {
    return done({ error: text });
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
