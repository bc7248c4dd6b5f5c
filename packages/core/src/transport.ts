/**
 * The fetch that openapi-fetch calls: per-attempt timeouts, retries with backoff and
 * Retry-After, token auth and its 401 refresh, and debug logging. One loop, read top to bottom.
 */
import type { BearerAuth } from './auth/bearer.js';
import { CareApiAbortError, CareApiConnectionError, CareApiTimeoutError, type CallContext } from './errors.js';
import { logAttempt, safeUrl, type Logger } from './log.js';
import type { FetchLike } from './options.js';
import type { Redactor } from './redact.js';
import { isLiteRequest, type LiteRequest } from './request.js';
import { parseRetryAfter, retryAfterFromBody } from './retry-after.js';
import { backoffDelay, isRepeatable, RETRYABLE_STATUSES, type RetryOptions } from './retry.js';
import { sleep, watchAttempt } from './timeout.js';
import type { CallRecord, VendorDescriptor } from './types.js';

/** Everything the transport needs, resolved once per client. */
export interface TransportConfig {
  /** The vendor called. */
  vendor: VendorDescriptor;
  /** The fetch that sends each attempt. */
  fetch: FetchLike;
  /** Default timeout per attempt, ms. */
  timeout: number;
  /** Retry policy, defaults filled in. */
  retry: Required<RetryOptions>;
  /** Bearer auth, applied to every attempt. */
  auth?: BearerAuth | undefined;
  /** Debug logger. */
  logger?: Logger | undefined;
  /** Log bodies too (they may hold PHI). */
  logBodies: boolean;
  /** What the client keeps secret in log lines and errors. */
  redactor: Redactor;
}

/** Sends one request with every policy of the client; `record` names the operation and collects attempts. */
export type Transport = (input: LiteRequest | Request, record?: CallRecord) => Promise<Response>;

/** A `fetch` for openapi-fetch that applies every policy of the client. */
export function createTransport(config: TransportConfig): Transport {
  const { vendor, retry, logger, auth } = config;
  const retryAfterFields = vendor.retryAfterFields ?? {};

  return async function send(input, given) {
    const record: CallRecord = given ?? { vendor, op: { id: 'request', method: input.method as CallRecord['op']['method'], path: input.url }, attempts: 0, status: 0, redactor: config.redactor };
    const { method, url, headers, signal } = input;
    const replayable = replayableBody(input);
    const body = replayable instanceof Promise ? await replayable : replayable;
    const repeatable = isRepeatable(method, record.op.idempotent);
    const timeout = record.timeout ?? config.timeout;
    const maxRetries = record.maxRetries ?? retry.maxRetries;
    let refreshedAuth = false;

    for (;;) {
      record.attempts++;
      if (auth) {
        const pending = auth.apply(headers);
        if (pending) await pending;
      }
      const attempt = watchAttempt(timeout, signal, record.streamed === true);
      const started = logger ? performance.now() : 0;
      let response: Response;
      try {
        response = await config.fetch(url, { method, headers, body, signal: attempt.signal, redirect: input.redirect });
      } catch (cause) {
        attempt.clear();
        if (signal?.aborted) throw new CareApiAbortError('request aborted by the caller', contextOf(record, method, url), { cause });
        const timedOut = attempt.timedOut();
        const wait = repeatable && record.attempts <= maxRetries ? backoffDelay(record.attempts - 1, retry) : undefined;
        if (logger) await logAttempt(logger, config, { record, input, body, started, outcome: timedOut ? 'timeout' : 'connection error', next: retrying(wait) });
        if (wait !== undefined) {
          await pause(wait, signal, record, method, url);
          continue;
        }
        const message = timedOut ? `no response within ${timeout} ms` : `connection failed: ${describeCause(cause)}`;
        const context = contextOf(record, method, url);
        throw timedOut ? new CareApiTimeoutError(message, context, { cause }) : new CareApiConnectionError(message, context, { cause });
      }
      record.status = response.status;
      // The attempt's timer keeps running while a body is read (here or by the caller); whoever settles the call clears it.
      record.watch = attempt;

      if (response.status === 401 && auth && !refreshedAuth && auth.refresh(headers.get('authorization'))) {
        // The token was rejected: get a new one and try once more. The server refused the request, so even a POST is safe.
        refreshedAuth = true;
        if (logger) await logAttempt(logger, config, { record, input, body, started, outcome: '401', response, next: 'refreshing the token and retrying' });
        attempt.clear();
        await response.body?.cancel();
        continue;
      }

      if (RETRYABLE_STATUSES.has(response.status) && repeatable && record.attempts <= maxRetries) {
        let hint = parseRetryAfter(response.headers.get('retry-after'));
        let text: string | undefined;
        const field = retryAfterFields[response.status];
        if (hint === undefined && field) {
          text = await response.text();
          hint = retryAfterFromBody(text, field);
        }
        if (hint === undefined || hint <= retry.maxRetryAfterMs) {
          const wait = hint ?? backoffDelay(record.attempts - 1, retry);
          if (logger) await logAttempt(logger, config, { record, input, body, started, outcome: String(response.status), response: text ?? response, next: retrying(wait) });
          attempt.clear();
          if (text === undefined) await response.body?.cancel();
          await pause(wait, signal, record, method, url);
          continue;
        }
        // The server asks for a longer wait than we allow: hand its answer back instead of sleeping for minutes.
        if (text !== undefined) response = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
      if (logger) await logAttempt(logger, config, { record, input, body, started, outcome: String(response.status), response });
      return response;
    }
  };
}

/** What an error says about the call: vendor, operation, method, URL without its query, attempts. */
export function contextOf(record: CallRecord, method: string, url: string): CallContext {
  return { vendor: record.vendor.name, operationId: record.op.id, method, url: safeUrl(url).split('?')[0] ?? url, attempts: record.attempts };
}

/** Waits before the next attempt; the caller's signal cuts the wait short with a {@link CareApiAbortError}. */
async function pause(ms: number, signal: AbortSignal | null, record: CallRecord, method: string, url: string): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (cause) {
    throw new CareApiAbortError('request aborted by the caller while waiting to retry', contextOf(record, method, url), { cause });
  }
}

/**
 * A body that can be sent again on every attempt. openapi-fetch's bodies (strings, FormData)
 * already are; a real `Request` from user middleware, or a stream, is read once into memory.
 */
function replayableBody(input: LiteRequest | Request): RequestInit['body'] | Promise<RequestInit['body']> {
  if (!isLiteRequest(input)) {
    const request = input as Request;
    return request.body ? request.arrayBuffer() : null;
  }
  const { body } = input;
  return body instanceof ReadableStream ? new Response(body).arrayBuffer() : body;
}

function retrying(wait: number | undefined): string | undefined {
  return wait === undefined ? undefined : `retrying in ${wait} ms`;
}

/** The network-level reason (ECONNREFUSED, ECONNRESET …), without any request data. */
function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause;
  if (inner && typeof inner.code === 'string') return inner.code;
  return cause instanceof Error ? cause.message : 'unknown error';
}
