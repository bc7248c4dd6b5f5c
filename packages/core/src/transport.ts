/**
 * Sends one request with every policy of the client: per-attempt timeouts, retries with backoff
 * and Retry-After, token auth and its 401 refresh, redirects kept within the origin, header
 * checks, and the optional attempt logger. One loop, read top to bottom.
 */
import { CareApiAbortError, CareApiConnectionError, CareApiTimeoutError, type CallContext } from './errors.js';
import type { AttemptLogger } from './log.js';
import { checkHeaders } from './headers.js';
import type { FetchLike, Limiter } from './options.js';
import type { Redactor } from './redact.js';
import { parseRetryAfter } from './retry-after.js';
import { consultHook, decideRetry, isRepeatable, RETRYABLE_STATUSES, type RetryDecision, type RetryPolicy } from './retry.js';
import { sleep, watchAttempt, type AttemptWatch } from './timeout.js';
import { responseOf, type Answer, type CallRecord, type Outgoing, type RequestAuth, type VendorDescriptor } from './types.js';

/** Everything the transport needs, resolved once per client. */
export interface TransportConfig {
  /** The vendor called. */
  vendor: VendorDescriptor;
  /** The fetch that sends each attempt (or the `transport` option's `send`). */
  fetch: FetchLike | ((input: string, init: RequestInit) => Promise<Answer>);
  /** Default timeout per attempt, ms. */
  timeout: number;
  /** Retry policy, defaults filled in. */
  retry: RetryPolicy;
  /** The client's auth, applied to every attempt. */
  auth?: RequestAuth | undefined;
  /** Reads a retry hint from an error body (`retryAfterFromBody`), for vendors whose spec names such a field. */
  retryAfterBody?: ((text: string, field: string) => number | undefined) | undefined;
  /** Receives every attempt (`debugLogger(console)`). */
  logger?: AttemptLogger | undefined;
  /** What the client keeps secret in log lines and errors. */
  redactor: Redactor;
  /** Paces attempts to a rate limit (the `limiter` option). */
  limiter?: Limiter | undefined;
}

/** Sends one request with every policy of the client; `record` names the operation and collects attempts. */
export type Transport = (input: Outgoing, record: CallRecord) => Promise<Answer>;

/** The client's sender: every attempt of one request, with every policy applied. */
export function createTransport(config: TransportConfig): Transport {
  const { retry, logger, auth, retryAfterBody } = config;
  const retryAfterFields = config.vendor.retryAfterFields ?? {};

  return async (input, record) => {
    // A stream can be read only once: read it into memory so every attempt sends it intact (and auth can sign it).
    if (input.body instanceof ReadableStream) input.body = await new Response(input.body).arrayBuffer();
    const { method, url, headers, signal, body } = input;
    const repeatable = isRepeatable(method, record.op.idempotent);
    const timeout = record.timeout ?? config.timeout;
    const maxRetries = record.maxRetries ?? retry.maxRetries;
    // No closures here: this runs once per call, and what it allocates the garbage collector pays for.
    let refreshedAuth = false;
    let started = 0;

    for (;;) {
      record.attempts++;
      // Auth sees the whole request (a signing scheme reads method, URL and body). A cached token is applied synchronously:
      // no await, no extra turn of the event loop. The caller's signal ends the wait for a token being minted (the per-call limits apply to the mint itself).
      const pending = auth?.apply(input, record);
      if (pending) await (signal ? Promise.race([pending, pause(pending, signal, record, method, url, 'for a token')]) : pending);
      checkHeaders(record.vendor.title, headers);
      if (config.limiter) await config.limiter(record, signal);
      const attempt = watchAttempt(timeout, signal, record.streamed === true);
      if (logger) started = performance.now();
      let response: Answer | undefined;
      let failure: unknown;
      // The body, when reading the server's retry hint from it used it up.
      let text: string | undefined;
      try {
        const init: RequestInit = { method, headers, body, signal: attempt.signal, redirect: input.redirect === 'error' ? 'error' : 'manual' };
        response = await config.fetch(url, init);
        // Redirects are followed here, within the origin only, at most 5: fetch would carry every header, an API key
        // included, to any host. A redirect elsewhere (or a 303, or a 301/302 after a POST, which fetch turns into a GET) is the answer.
        for (let hop = 0; hop < 5 && REDIRECTS.has(response.status) && (response.status > 303 || method !== 'POST') && input.redirect !== 'manual'; hop++) {
          const location: string | null = response.headers.get('location');
          const next: URL | undefined = location === null ? undefined : new URL(location, response.url || url);
          if (next?.origin !== new URL(url).origin) break;
          await response.body?.cancel();
          response = await config.fetch(next.href, init);
        }
      } catch (cause) {
        attempt.clear();
        if (signal?.aborted) throw new CareApiAbortError('aborted by the caller', contextOf(record, method, url), { cause });
        failure = cause;
      }
      const status = response?.status ?? 0;
      let decision: RetryDecision;
      if (response) {
        record.status = status;
        // The attempt's timer keeps running while a body is read (here or by the caller); whoever settles the call clears it.
        record.watch = attempt;
      }
      if (status === 401 && auth && !refreshedAuth && auth.refresh(headers.authorization)) {
        // The token was rejected: get a new one and try once more. The server refused the request, so even a POST is safe.
        refreshedAuth = true;
        decision = { retry: true, delayMs: 0, reason: 'token rejected' };
      } else {
        let hint: number | undefined;
        if (response && RETRYABLE_STATUSES.has(status)) {
          hint = parseRetryAfter(response.headers.get('retry-after'));
          const field = retryAfterFields[status];
          if (hint === undefined && field && retryAfterBody) hint = retryAfterBody((text = await response.text()), field);
        }
        decision = decideRetry(status, hint, record.attempts, repeatable, maxRetries, retry);
        // A hook that throws ends the call with its error (the attempt's timer is cleared as the call settles).
        if (retry.shouldRetry) decision = consultHook({ operationId: record.op.id, method, attempt: record.attempts, status, headers: response?.headers, error: failure, decision }, maxRetries, retry);
        // The body was read for its hint and this is the answer: hand it back whole.
        if (!decision.retry && text !== undefined && response) response = new Response(text, responseOf(response));
      }
      if (logger) {
        try {
          await logger({ record, input, body, started, outcome: outcomeOf(response, attempt), response: text ?? (response && responseOf(response)), decision });
        } catch {
          // A logger that fails never fails the call.
        }
      }
      if (!decision.retry) {
        if (response) return response;
        const context = contextOf(record, method, url);
        throw attempt.timedOut() ? new CareApiTimeoutError(`no complete response within ${timeout} ms`, context, { cause: failure }) : new CareApiConnectionError(`connection failed: ${describeCause(failure)}`, context, { cause: failure });
      }
      attempt.clear();
      if (text === undefined) await response?.body?.cancel();
      if (decision.delayMs) await pause(decision.delayMs, signal, record, method, url);
    }
  };
}

/** What an error says about the call: vendor, operation, method, URL without its query, attempts. */
export function contextOf(record: CallRecord, method: string, url: string): CallContext {
  return { vendor: record.vendor.name, operationId: record.op.id, method, url: url.split('?')[0] ?? url, attempts: record.attempts };
}

/** Waits before the next attempt (`until` ms) or for a token (`until` settles); the caller's signal cuts the wait short with a {@link CareApiAbortError}. */
function pause(until: number | Promise<unknown>, signal: AbortSignal | null, record: CallRecord, method: string, url: string, why = 'to retry'): Promise<void> {
  return sleep(until, signal).catch((cause: unknown) => {
    throw new CareApiAbortError(`aborted by the caller while waiting ${why}`, contextOf(record, method, url), { cause });
  });
}

/** Redirect statuses the transport follows within the origin (a 303 is returned as it is). */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 307, 308]);

/** How an attempt ended, for the logger: its status, `timeout` or `connection error`. */
function outcomeOf(response: Answer | undefined, attempt: AttemptWatch): string {
  return response ? String(response.status) : attempt.timedOut() ? 'timeout' : 'connection error';
}

/** The network-level reason (ECONNREFUSED, ECONNRESET …), without any request data. */
export function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause;
  if (inner && typeof inner.code === 'string') return inner.code;
  return cause instanceof Error ? cause.message : 'unknown error';
}
