/**
 * @careapis/core/undici — a transport for Node on undici's dispatcher API, without fetch's WHATWG
 * layer (Request, Response and Headers objects per call). Every policy of the client stays as it
 * is: the transport sends each attempt with the attempt's signal (its timeout, headers and body
 * included, and the caller's abort), and the runtime applies auth, retries, redirects within the
 * origin, redaction, logging and middleware exactly as on the fetch path. A `Response` is built
 * only when one is asked for (`withResponse()`, an error, middleware, a logger).
 *
 * ```ts
 * import { undiciTransport } from '@careapis/core/undici';
 * const transport = undiciTransport({ connections: 32 }); // a bulk job: at most 32 sockets per origin
 * const stedi = createStediClient({ apiKey, transport });
 * // … at shutdown
 * await transport.close();
 * ```
 *
 * A separate entry point: bundles that do not import it never carry undici.
 */
import { setMaxListeners } from 'node:events';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import type { HttpTransport } from './options.js';
import type { Answer, LightAnswer } from './types.js';

/** Options of {@link undiciTransport}. */
export interface UndiciTransportOptions {
  /**
   * Connections per origin; more requests wait for a free one, and the wait counts toward the
   * attempt's timeout (so a few hanging requests can hold up the rest). Default: no limit, as fetch.
   * For bulk jobs, 16–64 keeps a vendor from seeing hundreds of sockets at once.
   */
  connections?: number;
  /** How long an idle connection is kept for the next request, in ms; a shorter `Keep-Alive: timeout` from the server wins. Default 30000. */
  keepAliveTimeout?: number;
  /** Requests sent on one connection before the previous answer arrived (HTTP/1.1 pipelining). Default 1: none. */
  pipelining?: number;
  /** An undici dispatcher of your own (an `Agent`, `Pool`, `ProxyAgent` or `MockAgent`); the options above are then unused and `close()` leaves it open. */
  dispatcher?: Dispatcher;
}

/** The undici transport: pass it as a client's `transport` option; several clients may share one. */
export interface UndiciTransport extends HttpTransport {
  /** The dispatcher requests go through. */
  readonly dispatcher: Dispatcher;
  /** Closes the connections (of the dispatcher made here) once the requests in flight have finished. */
  close(): Promise<void>;
}

/** What fetch adds to every request unless the caller set it; sent too, so both transports put the same bytes on the wire. */
const FETCH_HEADERS: Readonly<Record<string, string>> = { accept: '*/*', 'accept-language': '*', 'sec-fetch-mode': 'cors', 'accept-encoding': 'gzip, deflate' };

/** Statuses whose answer has no body (a `Response` refuses one). */
const NULL_BODY: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** Redirect statuses, for `redirect: 'error'`. */
const REDIRECT: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** A URL fetch would rewrite before sending (characters to percent-encode, dot segments, a fragment, a backslash): those go through the URL parser, as fetch's do. */
const NOT_PLAIN = /[^\w\-.~:/?&=%+,;@!$'()*[\]]|\/\.\.?(?:[/?]|$)/;

/** A transport on undici's dispatcher (Node): the client option `transport: undiciTransport({ connections: 32 })`. */
export function undiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const own = options.dispatcher === undefined;
  // headersTimeout/bodyTimeout off: the attempt's own timer (its signal) covers the wait for a
  // connection, the headers and the whole body, where undici's cover the headers and the gaps between body chunks.
  const dispatcher = options.dispatcher ?? new Agent({ connections: options.connections ?? null, keepAliveTimeout: options.keepAliveTimeout ?? 30_000, pipelining: options.pipelining ?? 1, headersTimeout: 0, bodyTimeout: 0 });
  return {
    dispatcher,
    send: (url, init) => send(dispatcher, url, init),
    close: () => (own ? dispatcher.close() : Promise.resolve()),
  };
}

/** One attempt: what `fetch(url, init)` does, as far as the runtime uses it, on the dispatcher. */
async function send(dispatcher: Dispatcher, url: string, init: RequestInit): Promise<Answer> {
  const href = NOT_PLAIN.test(url) ? new URL(url).href.split('#')[0]! : url;
  const slash = href.indexOf('/', href.indexOf('//') + 2);
  const origin = slash === -1 ? href : href.slice(0, slash);
  const path = slash === -1 ? '/' : href.slice(slash);
  const method = init.method ?? 'GET';
  const given = init.headers;
  const headers: Record<string, string> = { ...FETCH_HEADERS, ...(given instanceof Headers || Array.isArray(given) ? Object.fromEntries(new Headers(given)) : (given as Record<string, string> | undefined)) };
  let body: RequestInit['body'] | Readable = init.body ?? null;
  if (typeof body === 'string') headers['content-type'] ??= 'text/plain;charset=UTF-8';
  else if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    body = body.toString();
  } else if (body instanceof ReadableStream) body = Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  else if (body instanceof FormData) {
    // Encoded by Node's own fetch body code, as fetch sends it (undici 7 cannot encode the FormData of Node 20's fetch).
    const encoded = new Response(body);
    headers['content-type'] ??= encoded.headers.get('content-type')!;
    body = Buffer.from(await encoded.arrayBuffer());
  }
  let data: Dispatcher.ResponseData;
  // undici adds an abort listener per request, and up to 16 attempts share one signal (core's shared timeout watch):
  // without this Node warns of a listener leak from the 11th on, though every listener goes when its request ends.
  if (init.signal) setMaxListeners(32, init.signal);
  try {
    data = await dispatcher.request({ origin, path, method: method as Dispatcher.HttpMethod, headers, body: body as Dispatcher.DispatchOptions['body'], signal: init.signal ?? undefined });
  } catch (cause) {
    // fetch's shape, which the runtime reads: `TypeError: fetch failed`, the network error (its `code`) as the cause.
    throw new TypeError('fetch failed', { cause });
  }
  const { statusCode: status } = data;
  if (init.redirect === 'error' && REDIRECT.has(status)) {
    data.body.destroy();
    throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
  }
  const answer = new UndiciAnswer(data, href, method === 'HEAD' || NULL_BODY.has(status));
  const encoding = data.headers['content-encoding'];
  // Compressed answers (rare from JSON APIs, and never on the fast path) are decoded as fetch does, into a real Response.
  return typeof encoding === 'string' && !answer.empty ? decoded(answer, data, encoding.trim().toLowerCase()) : answer;
}

/** A compressed answer as a `Response` of the decoded body; an encoding fetch does not decode is left as it is. */
function decoded(answer: UndiciAnswer, data: Dispatcher.ResponseData, encoding: string): Answer {
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return answer;
  const stream = data.body.pipe(decoder);
  data.body.on('error', (error) => decoder.destroy(error));
  return answer.toResponse(Readable.toWeb(stream) as ReadableStream<Uint8Array>);
}

/** Response headers read by name from undici's record (lower-case names; repeated headers as arrays). */
class HeaderView {
  readonly #raw: Dispatcher.ResponseData['headers'];
  constructor(raw: Dispatcher.ResponseData['headers']) {
    this.#raw = raw;
  }
  /** The value of a header, repeated values joined by `, `, or null. */
  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
  /** The headers as a WHATWG `Headers`. */
  toHeaders(): Headers {
    const headers = new Headers();
    for (const [name, value] of Object.entries(this.#raw)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.append(name, value);
    }
    return headers;
  }
}

/** An undici answer as the runtime reads it; its `Response` is built once, only when asked for, and then owns the body. */
class UndiciAnswer implements LightAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly url: string;
  readonly headers: HeaderView;
  /** No body by method or status (HEAD, 204, 304). */
  readonly empty: boolean;
  readonly #data: Dispatcher.ResponseData;
  #response: Response | undefined;

  constructor(data: Dispatcher.ResponseData, url: string, empty: boolean) {
    this.#data = data;
    this.status = data.statusCode;
    this.ok = this.status >= 200 && this.status <= 299;
    this.url = url;
    this.headers = new HeaderView(data.headers);
    this.empty = empty;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.toResponse().body;
  }

  text(): Promise<string> {
    return this.#response ? this.#response.text() : this.#read(this.#data.body.text());
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#response ? this.#response.arrayBuffer() : this.#read(this.#data.body.arrayBuffer());
  }

  blob(): Promise<Blob> {
    // Through the Response, so the Blob's type is the answer's content type, as fetch's is.
    return this.toResponse().blob();
  }

  clone(): Response {
    return this.toResponse().clone();
  }

  /** The answer as a fetch `Response` (with `body` instead of the rest of the answer's body, for a decoded one). */
  toResponse(body?: ReadableStream<Uint8Array>): Response {
    if (this.#response) return this.#response;
    const source = this.#data.body;
    const stream = this.empty ? null : (body ?? (source.bodyUsed ? null : (source.body as unknown as ReadableStream<Uint8Array>)));
    // An answer without a body by method or status: nothing to hand over; let the (ended) stream go.
    if (this.empty) source.dump().catch(() => {});
    const response = new Response(stream, { status: this.status, statusText: this.#data.statusText, headers: this.headers.toHeaders() });
    Object.defineProperty(response, 'url', { value: this.url });
    return (this.#response = response);
  }

  /** A body read, failing as fetch's does: `TypeError: terminated` with the network error as its cause. */
  #read<T>(reading: Promise<T>): Promise<T> {
    return reading.catch((cause: unknown) => {
      throw new TypeError('terminated', { cause });
    });
  }
}
