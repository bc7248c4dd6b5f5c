/**
 * The raw client and middleware, opt-in: `rawClient(client)` returns an openapi-fetch-shaped client
 * (`GET`, `POST`…, `request`, `use`, `eject`) that shares the client's auth, retries and timeouts,
 * and loads the middleware runner. A bundle that never imports `rawClient` carries neither.
 */
import type { Client, MergedOptions, Middleware, MiddlewareCallbackParams } from 'openapi-fetch';
import { CareApiConfigError } from './errors.js';
import { checkHeaders } from './headers.js';
import { INTERNALS, serializeBody, type CallInit, type ClientInternals, type VendorClient } from './runtime.js';
import { responseOf, type Answer, type CallRecord, type HttpMethod, type Outgoing } from './types.js';
import { resolveBaseUrl } from './environments.js';
import { pathOf, queryOf } from './url.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * The openapi-fetch client (`GET`, `POST`…, `request`, `use`, `eject`) of a generated client, with
 * its auth, retries and timeouts. Middleware added with `use` runs on every call of the client,
 * its typed methods included. Calling it again returns the same raw client.
 */
export function rawClient<Paths extends {}>(client: VendorClient<Paths>): Client<Paths> {
  const internals = INTERNALS.get(client);
  if (!internals) throw new CareApiConfigError('rawClient() takes a client made by a careapis create…Client() function');
  internals.run ??= (request, record, params, perCall) => runMiddleware(internals, perCall ? [...internals.middleware, ...perCall] : internals.middleware, request, record, params ?? {});
  return (internals.raw ??= makeRaw(internals)) as Client<Paths>;
}

/** The raw client of one client: `request`, one function per HTTP method, `use` and `eject`. */
function makeRaw(internals: ClientInternals): Record<string, unknown> {
  const { metas, call, middleware } = internals;
  /** Operations by `METHOD path`, so raw calls get their operation's id and idempotency. */
  const routes = new Map(metas.map((meta) => [`${meta.method} ${meta.path}`, meta]));
  /** Raw calls go through `call` too, so they get the operation's id, idempotency and timeouts. */
  const request = async (method: string, path: string, init: CallInit = {}): Promise<unknown> => {
    const upper = method.toUpperCase() as HttpMethod;
    const { querySerializer, baseUrl } = init;
    if (querySerializer !== undefined && typeof querySerializer !== 'function') {
      throw new CareApiConfigError(`${internals.title}: \`querySerializer\` must be a function: createQuerySerializer(options)`);
    }
    const search = querySerializer ? (querySerializer as (query: object) => string)(init.params?.query ?? {}).replace(/^\?/, '') : undefined;
    return call(routes.get(`${upper} ${path}`) ?? { id: `${upper} ${path}`, method: upper, path }, { ...init, ...(search !== undefined ? { search } : {}), ...(baseUrl ? { baseUrl: resolveBaseUrl(internals.vendor, undefined, baseUrl) } : {}) });
  };
  const raw: Record<string, unknown> = {
    request,
    use(...added: (Middleware | undefined | null)[]) {
      for (const m of added) {
        if (m && (typeof m !== 'object' || !('onRequest' in m || 'onResponse' in m || 'onError' in m))) {
          throw new TypeError('Middleware must be an object with one of `onRequest()`, `onResponse()` or `onError()`');
        }
        if (m) middleware.push(m);
      }
    },
    eject(...removed: Middleware[]) {
      for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
    },
  };
  for (const method of METHODS) raw[method] = (path: string, init?: CallInit) => request(method, path, init);
  return raw;
}

/**
 * A call through middleware, as openapi-fetch runs it: `onRequest` in order on a real `Request`
 * (which it may replace, or answer with a `Response`), the transport with every policy, then
 * `onError` (which may turn a failure into a `Response`) or `onResponse`, in reverse order.
 */
async function runMiddleware({ baseUrl, send }: ClientInternals, chain: Middleware[], outgoing: Outgoing, record: CallRecord, params: object): Promise<Answer> {
  if (!chain.length) return send(outgoing, record);
  // Before a WHATWG Request is built: its Headers would throw an error that quotes a bad value.
  checkHeaders(record.vendor.title, outgoing.headers);
  /** A request through the transport, with every policy of the client: what `options.fetch` is to middleware (fetch's signature). */
  const sendRequest = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    // The transport sends the body again on every attempt: read it once.
    const body = request.body ? await request.arrayBuffer() : null;
    return responseOf(await send({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body, signal: outgoing.signal, redirect: request.redirect }, record));
  };
  const shared = {
    schemaPath: record.op.path,
    params: params as MiddlewareCallbackParams['params'],
    id: Math.random().toString(36).slice(2, 11),
    options: Object.freeze({ baseUrl, querySerializer: queryOf, bodySerializer: serializeBody, pathSerializer: pathOf, fetch: sendRequest }) satisfies Partial<MergedOptions> as MergedOptions,
  };
  let request = new Request(outgoing.url, { ...outgoing, body: outgoing.body ?? null, signal: null });
  let response = undefined as Response | undefined;
  let failure: unknown;
  /** Runs one hook of every middleware, `take`-ing what each returns; a `Response` from onRequest or onError ends the run. */
  const run = async (hook: 'onRequest' | 'onResponse' | 'onError', take: (result: object) => unknown): Promise<void> => {
    for (const m of hook === 'onRequest' ? chain : [...chain].reverse()) {
      const result: unknown = await (m[hook] as ((params: object) => unknown) | undefined)?.({ ...shared, request, response, error: failure });
      if (result && (typeof result !== 'object' || !take(result))) throw new TypeError(`middleware ${hook}() returned neither a Request, a Response nor an Error it may return`);
      if (response && hook !== 'onResponse') return;
    }
  };
  await run('onRequest', (r) => (r instanceof Request ? (request = r) : r instanceof Response && (response = r)));
  if (response) return response;
  try {
    response = await sendRequest(request);
  } catch (error) {
    failure = error;
    await run('onError', (r) => (r instanceof Response ? (response = r) : r instanceof Error && (failure = r)));
    if (!response) throw failure;
  }
  await run('onResponse', (r) => r instanceof Response && (response = r));
  return response;
}
