/**
 * A light stand-in for the WHATWG `Request` that openapi-fetch builds for every call.
 *
 * Building an undici `Request` costs about half of a loopback call in Node; openapi-fetch lets a
 * client pass its own `Request` class, and our transport turns this object straight into a
 * `fetch(url, init)` call. User middleware keeps working: it sees `url`, `method`, `headers`,
 * `body`, `signal`, `clone()`, `text()` and `json()`, and may return a real `Request` instead,
 * built from `request.url` and an init (`new Request(request)` needs a real Request).
 */

/** The request object openapi-fetch hands to middleware and to the transport. */
export class LiteRequest {
  /** Absolute request URL. */
  readonly url: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Request headers; middleware may change them in place. */
  readonly headers: Headers;
  /** Serialized body (a string or FormData from openapi-fetch's serializers), or null. */
  readonly body: RequestInit['body'];
  /** The caller's abort signal, if any. */
  readonly signal: AbortSignal | null;
  /** Redirect mode passed on to fetch. */
  readonly redirect: NonNullable<RequestInit['redirect']>;

  /** A request for `input` (a URL, or a LiteRequest to copy) with `init` applied. */
  constructor(input: string | URL | LiteRequest, init: RequestInit = {}) {
    const from = typeof input === 'string' || !isLiteRequest(input) ? undefined : input;
    this.url = from ? from.url : String(input);
    this.method = (init.method ?? from?.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers ?? from?.headers);
    this.body = init.body ?? from?.body ?? null;
    this.signal = init.signal ?? from?.signal ?? null;
    this.redirect = init.redirect ?? from?.redirect ?? 'follow';
  }

  /** A copy with its own headers. */
  clone(): LiteRequest {
    return new LiteRequest(this, { headers: new Headers(this.headers) });
  }

  /** The body as text. */
  text(): Promise<string> {
    return typeof this.body === 'string' ? Promise.resolve(this.body) : new Response(this.body).text();
  }

  /** The body parsed as JSON. */
  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  /** openapi-fetch checks `result instanceof Request` on middleware results: accept real Requests too. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      (typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(LiteRequest.prototype, value)) ||
      (typeof Request === 'function' && value instanceof Request)
    );
  }
}

/** True for our own light request (not a real `Request`). */
export function isLiteRequest(value: unknown): value is LiteRequest {
  return typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(LiteRequest.prototype, value);
}
