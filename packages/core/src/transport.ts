/**
 * The fetch that openapi-fetch calls: per-attempt timeouts, retries with backoff and
 * Retry-After, token auth and its 401 refresh, and debug logging. One loop, read top to bottom.
 */
import type { BearerAuth } from './auth/bearer.js';
import { CareApiAbortError, CareApiConnectionError, CareApiTimeoutError, type CallContext } from './errors.js';
import { safeUrl, type Logger } from './log.js';
import type { FetchLike } from './options.js';
import { redact, redactHeaders } from './redact.js';
import { isLiteRequest, type LiteRequest } from './request.js';
import { parseRetryAfter, retryAfterFromBody } from './retry-after.js';
import { backoffDelay, isRepeatable, RETRYABLE_STATUSES, type RetryOptions } from './retry.js';
import { attemptSignal, sleep } from './timeout.js';
import type { CallRecord, VendorDescriptor } from './types.js';

/** Everything the transport needs, resolved once per client. */
export interface TransportConfig {
  vendor: VendorDescriptor;
  fetch: FetchLike;
  timeout: number;
  retry: Required<RetryOptions>;
  auth?: BearerAuth | undefined;
  logger?: Logger | undefined;
  logBodies: boolean;
}

/** The call record of each response, for `unwrap` and errors. */
export const responseRecords = new WeakMap<Response, CallRecord>();

/** A `fetch` for openapi-fetch that applies every policy of the client. */
export function createTransport(config: TransportConfig): (input: LiteRequest | Request) => Promise<Response> {
  const { vendor, retry, logger } = config;
  const retryAfterFields = vendor.retryAfterFields ?? {};

  return async function send(input) {
    const record: CallRecord = (input as { careapis?: CallRecord }).careapis ?? {
      vendor,
      op: { id: 'request', method: input.method as CallRecord['op']['method'], path: input.url },
      attempts: 0,
      status: 0,
    };
    const { method, url, headers, signal } = input;
    // A real Request (returned by user middleware) has a one-shot stream body: read it once so retries resend it intact.
    const body = isLiteRequest(input) ? input.body : input.body ? await input.arrayBuffer() : null;
    const repeatable = isRepeatable(method, record.op.idempotent);
    const context = (): CallContext => ({ vendor: vendor.name, operationId: record.op.id, method, url: safeUrl(url).split('?')[0] ?? url, attempts: record.attempts });
    let refreshedAuth = false;

    for (;;) {
      record.attempts++;
      if (config.auth) await config.auth.apply(headers);
      const attempt = attemptSignal(config.timeout, signal);
      const started = logger ? performance.now() : 0;
      let response: Response;
      try {
        response = await config.fetch(url, { method, headers, body, signal: attempt.signal, redirect: input.redirect });
      } catch (cause) {
        attempt.clear();
        if (signal?.aborted) throw new CareApiAbortError('request aborted by the caller', context(), { cause });
        const timedOut = attempt.timedOut();
        log(`${method} ${safeUrl(url)} → ${timedOut ? 'timeout' : 'connection error'}`, undefined);
        if (repeatable && record.attempts <= retry.maxRetries) {
          await pause(backoffDelay(record.attempts - 1, retry));
          continue;
        }
        const message = timedOut ? `no response within ${config.timeout} ms` : `connection failed: ${describeCause(cause)}`;
        throw timedOut ? new CareApiTimeoutError(message, context(), { cause }) : new CareApiConnectionError(message, context(), { cause });
      }
      attempt.clear();
      record.status = response.status;
      log(`${method} ${safeUrl(url)} → ${response.status}`, response);

      if (response.status === 401 && config.auth && !refreshedAuth && config.auth.refresh(headers.get('authorization'))) {
        // The token was rejected: get a new one and try once more. The server refused the request, so even a POST is safe.
        refreshedAuth = true;
        await response.body?.cancel();
        continue;
      }

      if (RETRYABLE_STATUSES.has(response.status) && repeatable && record.attempts <= retry.maxRetries) {
        let wait = parseRetryAfter(response.headers.get('retry-after'));
        let text: string | undefined;
        const field = retryAfterFields[response.status];
        if (wait === undefined && field) {
          text = await response.text();
          wait = retryAfterFromBody(safeJson(text), field);
        }
        if (wait === undefined || wait <= retry.maxRetryAfterMs) {
          if (text === undefined) await response.body?.cancel();
          await pause(wait ?? backoffDelay(record.attempts - 1, retry));
          continue;
        }
        // The server asks for a longer wait than we allow: hand its answer back instead of sleeping for minutes.
        if (text !== undefined) response = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      }
      responseRecords.set(response, record);
      return response;

      function log(message: string, res: Response | undefined): void {
        if (!logger) return;
        const fields: Record<string, unknown> = {
          vendor: vendor.name,
          operationId: record.op.id,
          method,
          url: safeUrl(url),
          status: res?.status,
          attempt: record.attempts,
          durationMs: Math.round(performance.now() - started),
          requestHeaders: redactHeaders(headers),
        };
        if (config.logBodies && typeof body === 'string') fields.requestBody = redact(safeJson(body) ?? body, vendor.secretFields);
        logger.debug(`${vendor.name}.${record.op.id} ${message} (attempt ${record.attempts}, ${fields.durationMs as number} ms)`, fields);
      }
    }

    async function pause(ms: number): Promise<void> {
      try {
        await sleep(ms, signal);
      } catch (cause) {
        throw new CareApiAbortError('request aborted by the caller while waiting to retry', context(), { cause });
      }
    }
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The network-level reason (ECONNREFUSED, ECONNRESET …), without any request data. */
function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause;
  if (inner && typeof inner.code === 'string') return inner.code;
  return cause instanceof Error ? cause.message : 'unknown error';
}
