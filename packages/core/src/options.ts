/** Options every generated client accepts, and their checks. Vendor clients add their auth and client-header options. */
import { CareApiConfigError } from './errors.js';
import type { AttemptLogger } from './log.js';
import type { RetryOptions, RetryPolicy } from './retry.js';
import type { Answer, CallRecord } from './types.js';

/** The longest delay Node's timers can wait, in ms (2^31-1, about 24.8 days): a longer one fires at once. */
export const MAX_DELAY_MS = 2_147_483_647;

/** A fetch-compatible function (proxies, tracing, tests). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Paces requests to a rate limit: awaited before every attempt (retries and token requests included); a rejection ends the call with that error. */
export type Limiter = (record: CallRecord, signal: AbortSignal | null) => Promise<void> | void;

/** Sends the client's attempts instead of `fetch`: `undiciTransport()` from `@careapis/core/undici` (Node). */
export interface HttpTransport {
  /** Sends one attempt, as `fetch(url, init)` would (`init.signal` fires on the attempt's timeout or the caller's abort; redirects are not followed). */
  send(url: string, init: RequestInit): Promise<Answer>;
}

/** Options shared by every client; each has a documented default. */
export interface BaseClientOptions<Environment extends string = string> {
  /** Named environment from the spec's servers. Default: the spec's first server. */
  environment?: Environment;
  /** Base URL override; wins over `environment`. Required when the spec's server is a template. */
  baseUrl?: string;
  /** Timeout per attempt in milliseconds, at most 2^31-1. Default 60000. */
  timeout?: number;
  /** Retries after the first attempt. Default 2. Shorthand for `retry.maxRetries`. */
  maxRetries?: number;
  /** Backoff settings. Defaults: 500 ms initial, 8 s cap, Retry-After up to 60 s. */
  retry?: RetryOptions;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** fetch implementation. Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Sends attempts without fetch's WHATWG layer, e.g. `undiciTransport()` from `@careapis/core/undici` on Node; wins over `fetch`. Default: none. */
  transport?: HttpTransport;
  /** Receives every attempt, e.g. `debugLogger(console)` (one debug line each, secrets redacted; `{ bodies: true }` adds bodies). Default: none. */
  logger?: AttemptLogger;
  /**
   * More header names and body field names to redact from log lines and errors. Always redacted:
   * `Authorization`, `x-api-key`, cookies, the vendor's API key header, the spec's `format: password`
   * fields, and fields such as `password`, `client_secret`, `access_token`, `token`, `apiKey`.
   */
  redact?: readonly string[];
  /** Appended to the User-Agent header, e.g. `my-service/1.2`. */
  userAgent?: string;
  /** Paces requests to the vendor's rate limit, e.g. `inProcessLimiter(vendor)` or `redisLimiter(…)` from `@careapis/bulk`; awaited before every attempt, token requests included. Default: none (a 429 is still retried as usual). */
  limiter?: Limiter;
}

/** Per-call options, the second argument of every operation. Unknown keys are a compile error (and a `CareApiConfigError` at run time). */
export interface CallOptions {
  /** Cancels the call, retries and waits included. */
  signal?: AbortSignal | null | undefined;
  /** Timeout per attempt for this call, in milliseconds. Default: the client's `timeout`. */
  timeout?: number | undefined;
  /** Retries for this call. Default: the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Extra headers for this call; `null` removes a client header. */
  headers?: HeaderSource | undefined;
}

/** Header values as openapi-fetch takes them: `null` removes a header, an array sends it several times. */
export type HeaderSource = ConstructorParameters<typeof Headers>[0] | Record<string, string | number | boolean | (string | number | boolean)[] | null | undefined>;

/** Auth for APIs that take an API key in a header. */
export interface ApiKeyAuthOptions {
  /** The vendor API key. */
  apiKey: string;
}

/** A bearer token, or a function returning one (called per request). */
export type TokenSource = string | (() => string | Promise<string>);

/** Auth with a bearer token the caller already has. */
export interface StaticTokenOptions {
  /** A bearer token, or a function returning one. */
  token: TokenSource;
  /** Not used with `token`. */
  clientId?: never;
  /** Not used with `token`. */
  clientSecret?: never;
}

/** Auth with client credentials: the client mints, caches and refreshes tokens itself. */
export interface ClientCredentialsOptions {
  /** Client id issued by the vendor. */
  clientId: string;
  /** Client secret issued by the vendor. */
  clientSecret: string;
  /** Not used with client credentials. */
  token?: never;
}

/** Checks `timeout` and `maxRetries` (client or call options) before anything is sent. */
export function checkCallOptions(title: string, { timeout, maxRetries }: CallOptions): void {
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= MAX_DELAY_MS)) {
    throw new CareApiConfigError(`${title}: option \`timeout\` must be a positive number of milliseconds, at most 2^31-1`);
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) throw new CareApiConfigError(`${title}: option \`maxRetries\` must be a whole number, 0 or more`);
}

/**
 * Checks a client's options at creation: `timeout` and the `retry` delays are milliseconds Node's
 * timers can wait, `retry` is an object, `fetch`, `logger` and `retry.shouldRetry` are functions.
 * `resolved` holds the timeout and retry settings with their defaults filled in.
 */
export function checkClientOptions(title: string, { retry = {}, fetch = String, logger = String }: { retry?: unknown; fetch?: unknown; logger?: unknown }, resolved: CallOptions & RetryPolicy): void {
  checkCallOptions(title, resolved);
  const { initialDelayMs, maxDelayMs, maxRetryAfterMs, shouldRetry = String } = resolved;
  const bad =
    typeof retry !== 'object' || ![initialDelayMs, maxDelayMs, maxRetryAfterMs].every((ms) => ms >= 0 && ms <= MAX_DELAY_MS)
      ? 'retry'
      : typeof fetch !== 'function'
        ? 'fetch'
        : typeof logger !== 'function'
          ? 'logger'
          : typeof shouldRetry !== 'function' && 'retry.shouldRetry';
  if (bad) throw new CareApiConfigError(`${title}: option \`${bad}\` must be ${bad === 'retry' ? 'an object of delays from 0 to 2^31-1 ms' : 'a function'}${bad === 'logger' ? ' such as debugLogger(console)' : ''}`);
}
