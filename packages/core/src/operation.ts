/**
 * The typed call surface: `operation(client, args, options)`. The vendor's path, query and header
 * parameters come flat in `args` under their spec names, the request body under `body`; per-call
 * options come second. The promise resolves to the parsed success body and rejects with a
 * `CareApiBaseError` for everything else; `.withResponse()` adds the response and its request id.
 */
import { CareApiConfigError } from './errors.js';
import type { CallOptions } from './options.js';
import { INTERNALS, type CallInit } from './runtime.js';
import { answerOf, errorOf, requestIdOf } from './result.js';
import type { OperationMeta } from './types.js';

/** A successful call with its HTTP response. */
export interface WithResponse<T> {
  /** The parsed success body. */
  data: T;
  /** The HTTP response (its body already read). */
  response: Response;
  /** The vendor's request id from the response headers, when it sends one. */
  requestId: string | undefined;
}

/**
 * The promise every operation returns: it resolves to the success body, and `.withResponse()`
 * resolves to the body with its response and request id, from the same single request.
 */
export class CareApiPromise<T> implements Promise<T> {
  readonly [Symbol.toStringTag] = 'Promise';
  #full: Promise<WithResponse<T>>;
  #data?: Promise<T>;
  constructor(full: Promise<WithResponse<T>>) {
    this.#full = full;
  }
  /** The body together with the response (status, headers) and the request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#full;
  }
  // The data promise is made only when asked for, so a caller of withResponse() alone leaves no unhandled rejection behind.
  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return (this.#data ??= this.#full.then((r) => r.data)).then(onfulfilled, onrejected);
  }
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
}

const OPTION_KEYS = new Set(['signal', 'timeout', 'maxRetries', 'headers']);

/** Calls one operation of a careapis client: the single-operation form behind every generated function and method. */
export function invoke<T>(client: object, op: OperationMeta, args?: object, options?: CallOptions): CareApiPromise<T> {
  return new CareApiPromise<T>(run(client, op, args, options) as Promise<WithResponse<T>>);
}

async function run(client: object, op: OperationMeta, args: object | undefined, options: CallOptions | undefined): Promise<WithResponse<unknown>> {
  const internals = INTERNALS.get(client);
  if (!internals) throw new CareApiConfigError(`${op.id}: the first argument must be a client made by a careapis create…Client() function`);
  const result = await internals.call(op, initOf(internals.title, op, args, options));
  const answer = answerOf(result);
  if (result.error !== undefined || !answer.ok) throw errorOf(result);
  // `response` is read through the result: a light answer's Response is built only if the caller asks.
  return { data: result.data, get response() { return result.response; }, requestId: requestIdOf(answer, internals.vendor.requestIdHeaders) };
}

/** Sorts flat arguments into openapi-fetch's init by where the operation takes each one; refuses what it does not take. */
function initOf(title: string, op: OperationMeta, args: object | undefined, options: CallOptions | undefined): CallInit {
  const fail = (what: string): never => {
    throw new CareApiConfigError(`${title}: ${op.id}: ${what}`);
  };
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) fail('the arguments must be one object');
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const header: Record<string, string> = {};
  const init: CallInit = { params: { path, query, header }, parseAs: op.parse };
  for (const key in args) {
    const value = (args as Record<string, unknown>)[key];
    // Where an argument goes is decided by its key; `rename` gives the spec name it is sent under.
    const name = op.rename?.[key] ?? key;
    if (key === 'body') init.body = value;
    else if (op.query?.includes(key)) query[name] = value;
    else if (op.header?.includes(key)) header[name] = value as string;
    else if (op.path.includes(`{${name}}`)) path[name] = value;
    else fail(key === 'params' ? 'pass parameters at the top level of the arguments (`{ providerId }`), not under `params`' : `unknown argument \`${key}\``);
  }
  for (const [, name] of op.path.matchAll(/\{([^{}]+)\}/g)) if (path[name!] === undefined || path[name!] === null) fail(`missing path parameter \`${name}\``);
  for (const key in options) {
    if (!OPTION_KEYS.has(key)) fail(`unknown per-call option \`${key}\` (options are ${[...OPTION_KEYS].join(', ')})`);
  }
  return options ? { ...init, ...options } : init;
}
