/** Types shared by the runtime and the generated clients. The generated `vendor` object is a {@link VendorDescriptor}. */
import type { Redactor } from './redact.js';

/** HTTP methods an operation can use. */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/** One row of a generated client's operation table. */
export interface OperationMeta {
  /** The spec's operationId. */
  id: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path template as in the spec, e.g. `/providers/{providerId}`. */
  path: string;
  /** A POST/PATCH the spec marks safe to repeat (`x-careapis-idempotent`). */
  idempotent?: boolean;
  /** The request body is multipart/form-data: the serializer that makes FormData of a plain object (`toFormData`). */
  multipart?: ((body: unknown) => FormData) | undefined;
  /** The argument keys of query parameters (their spec names, unless renamed). */
  query?: readonly string[] | undefined;
  /** The argument keys of header parameters (their spec names, unless renamed). */
  header?: readonly string[] | undefined;
  /** Argument key → spec parameter name, where `x-careapis-arg` renames a parameter that clashes with another. */
  rename?: Readonly<Record<string, string>> | undefined;
  /** How a success body is read when it is not JSON: `text` (CSV, plain text) or `blob` (files). */
  parse?: 'text' | 'blob' | undefined;
}

/**
 * One request as the transport sends it: exactly what `fetch(url, init)` gets, with headers as
 * a plain object of lower-case names (cheaper for fetch than a `Headers` and easy to redact).
 */
export interface Outgoing {
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL, query included. */
  url: string;
  /** Request headers, lower-case names; auth sets `authorization` here on every attempt. */
  headers: Record<string, string>;
  /** Serialized body: a string, FormData, Blob or bytes; sent again intact on every attempt. */
  body: RequestInit['body'];
  /** The caller's abort signal, if any. */
  signal: AbortSignal | null;
  /** Redirect mode passed on to fetch. */
  redirect?: RequestInit['redirect'] | undefined;
}

/**
 * An attempt's answer as the transport and the reader use it: a fetch `Response`, or the lighter
 * answer of a transport without the WHATWG layer ({@link LightAnswer}), which builds its
 * `Response` only when one is asked for.
 */
export type Answer = Response | LightAnswer;

/** The part of a `Response` the runtime reads, plus a way to get the `Response` itself. What `undiciTransport()` answers with. */
export interface LightAnswer {
  /** HTTP status. */
  readonly status: number;
  /** Status in 200–299. */
  readonly ok: boolean;
  /** The URL answered. */
  readonly url: string;
  /** Response headers, read by name. */
  readonly headers: { get(name: string): string | null };
  /** The body as a web stream (this builds the `Response`). */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Reads the body as text. */
  text(): Promise<string>;
  /** Reads the body as bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Reads the body as a Blob. */
  blob(): Promise<Blob>;
  /** A copy (this builds the `Response`). */
  clone(): Response;
  /** The answer as a fetch `Response`: built once, carrying the body not yet read. */
  toResponse(): Response;
}

/** The `Response` of an answer: itself for a fetch `Response`, built (once) for a {@link LightAnswer}. */
export function responseOf(answer: Answer): Response {
  return 'toResponse' in answer ? answer.toResponse() : answer;
}

/** The runtime's record of one call, filled in as it goes; errors and `unwrap` read it. */
export interface CallRecord {
  /** The vendor called. */
  vendor: VendorDescriptor;
  /** The operation being called. */
  op: OperationMeta;
  /** Attempts made so far. */
  attempts: number;
  /** HTTP status of the last response, 0 before one arrives. */
  status: number;
  /** Timeout per attempt for this call in ms, when the call overrides the client's. */
  timeout?: number | undefined;
  /** Retries for this call, when the call overrides the client's. */
  maxRetries?: number | undefined;
  /** The caller reads the body as a stream (`parseAs: 'stream'`). */
  streamed?: boolean | undefined;
  /** What the client keeps secret, for errors built from this call. */
  redactor?: Redactor | undefined;
  /** The last attempt's timeout and abort watch, still running while the body is read; stopped once the call settles. */
  watch?: { readonly ms: number; timedOut(): boolean; clear(): void } | undefined;
}

/** Client-credentials token minting (`x-careapis-token` in the spec). */
export interface TokenEndpoint {
  /** The token operation's operationId, naming it in errors and log lines. */
  operationId?: string;
  /** Path of the token operation, relative to the base URL. */
  path: string;
  /** Request body field carrying the client id. */
  clientId: string;
  /** Request body field carrying the client secret. */
  clientSecret: string;
  /** Response body field holding the token. */
  accessToken: string;
  /** Response body field holding the lifetime in seconds, if the vendor sends one. */
  expiresIn?: string;
  /** Lifetime in seconds when the response does not say. */
  lifetimeSeconds: number;
  /** Constant fields sent along with the credentials. */
  extraBody?: Readonly<Record<string, string | number | boolean>>;
}

/** How a vendor authenticates, from the spec's security schemes. */
export type AuthScheme =
  | { type: 'apiKey'; header: string; prefix?: string }
  | { type: 'bearer'; token?: TokenEndpoint };

/** Everything the runtime needs to know about a vendor; generated from its spec. */
export interface VendorDescriptor {
  /** Package name without scope, e.g. `stedi`. */
  name: string;
  /** Human-readable API name from `info.title`. */
  title: string;
  /** npm package name, for the user agent. */
  packageName: string;
  /** Named environments → base URL. Empty when the server URL is a template. */
  environments: Readonly<Record<string, string>>;
  /** The spec's server URL when it is a template and `baseUrl` must be given. */
  serverTemplate?: string;
  /** Authentication scheme, if the API has one. */
  auth?: AuthScheme;
  /** Body fields that hold secrets (`format: password`, the token endpoint's secret and token fields), redacted from errors and logs. */
  secretFields?: readonly string[];
  /** Headers that hold secrets (an API key header), redacted from logs; `Authorization`, `x-api-key` and cookies always are. */
  secretHeaders?: readonly string[];
  /** Paths (`message`, `content.message`) of error-body fields holding the vendor's message (`x-careapis-error-message`), read into `CareApiError.vendorMessage`. */
  errorMessageFields?: readonly string[];
  /** Response headers carrying the vendor's request id (`x-careapis-request-id`), lower case, tried in order. */
  requestIdHeaders?: readonly string[];
  /** HTTP status → top-level body field holding a retry delay in seconds (`x-careapis-retry-after`). */
  retryAfterFields?: Readonly<Record<number, string>>;
  /** Client option name → header, for every option a client requires (`x-careapis-client-option`). */
  clientOptions?: Readonly<Record<string, string>>;
  /** The vendor's published rate limits (`x-careapis-rate-limit`); absent when it documents none. Read by limiters such as `@careapis/bulk`'s. */
  rateLimits?: readonly RateLimit[];
}

/** One published rate limit (`x-careapis-rate-limit`): at most `requests` in any rolling `windowMs`, counted per `scope`. */
export interface RateLimit {
  /** Requests allowed in one window. */
  requests: number;
  /** The window, in milliseconds. */
  windowMs: number;
  /** What the vendor counts requests by: the API key, the account, or the caller's IP address. */
  scope: 'key' | 'account' | 'ip';
  /** The operationIds that share this budget; absent when every operation does. */
  operations?: readonly string[];
}

/** What a client's auth scheme is set up with when the client is created. */
export interface AuthContext {
  /** The vendor's title, for error messages. */
  title: string;
  /** The vendor, whose `errorMessageFields` and `requestIdHeaders` a token endpoint's error is read with. */
  vendor: VendorDescriptor;
  /** The spec's security scheme. */
  scheme: AuthScheme;
  /** The client's auth options, as given. */
  options: { apiKey?: unknown; token?: unknown; clientId?: unknown; clientSecret?: unknown };
  /** Headers sent on every call (lower-case names): an API key goes here. */
  headers: Record<string, string>;
  /** Registers a secret value, so it never shows in an error or log line. */
  secret(value: string | undefined): void;
  /** Sends a token request body to the scheme's token endpoint, within the `timeout` and `maxRetries` of the call that needs the token; resolves with the answer: the text of a success (`data`), the parsed body of an error with the secrets sent scrubbed (`error`), and the response. */
  mint(body: string, limits?: TokenLimits): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

/** The per-call limits a token request is made within: those of the call that needs the token (a {@link CallRecord}). */
export interface TokenLimits {
  /** Timeout per attempt in ms, when the call overrides the client's. */
  timeout?: number | undefined;
  /** Retries, when the call overrides the client's. */
  maxRetries?: number | undefined;
}

/**
 * Sets up one kind of auth for a client: puts an API key on the headers, or returns the auth
 * applied to every attempt ({@link RequestAuth}: a bearer token, or a signature over the request).
 * Generated clients import only the one their spec uses.
 */
export type AuthSetup = (context: AuthContext) => RequestAuth | undefined;

/** The request auth is applied to, on every attempt: a scheme may set headers from any of it (a signing scheme reads the method, URL and body). */
export type AuthRequest = Pick<Outgoing, 'method' | 'url' | 'headers' | 'body'>;

/** Auth applied to every attempt of a call (bearer tokens, or a scheme that signs each request). */
export interface RequestAuth {
  /** Sets the request's auth headers; returns a promise only when it has to wait (for a token minted within `limits`, the call's). */
  apply(request: AuthRequest, limits?: TokenLimits): Promise<void> | void;
  /** The server answered 401 to the `Authorization` value sent (`rejected`): forget it; true when a new one can be had and the call is sent once more. */
  refresh(rejected: string | undefined): boolean;
}
