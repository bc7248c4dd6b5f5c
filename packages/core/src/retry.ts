/** Which failures are retried, and how long to wait between attempts. */

/** Retry settings; every field has a documented default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay in ms, doubled per retry. Default 500. */
  initialDelayMs?: number;
  /** Longest backoff delay in ms. Default 8000. */
  maxDelayMs?: number;
  /** A server hint (Retry-After) longer than this stops retrying instead of sleeping. Default 60000. */
  maxRetryAfterMs?: number;
  /**
   * Overrides the policy for an attempt that failed (no response, or a status of 400 or more) while
   * retries remain: `true` retries (even a POST: make sure the vendor cannot apply it twice),
   * `false` stops, `undefined` keeps the policy's {@link RetryDecision}. A 401 answered by renewing
   * the token is auth's, not shown here. Default: none.
   */
  shouldRetry?: ((attempt: RetryContext) => boolean | undefined) | undefined;
}

/** Why an attempt is, or is not, followed by another. */
export type RetryReason =
  /** A status retrying does not change (a success, a redirect, most 4xx): the answer stands. */
  | 'answered'
  /** 408, 429 or a transient 5xx. */
  | 'retryable status'
  /** No response: the connection failed or the attempt timed out. */
  | 'no response'
  /** A retryable failure of a request that may not be sent twice (a POST the spec does not mark idempotent). */
  | 'not repeatable'
  /** The call has used its `maxRetries`. */
  | 'retries exhausted'
  /** The server asks for a longer wait than `maxRetryAfterMs`: its answer is handed back instead. */
  | 'retry-after too long'
  /** A 401 with a token that can be renewed: renewed and sent again at once. */
  | 'token rejected'
  /** The client's `shouldRetry` hook decided. */
  | 'shouldRetry';

/** What one attempt leads to; always this shape, whatever the outcome. */
export interface RetryDecision {
  /** Send the request again. */
  retry: boolean;
  /** Milliseconds to wait before that; 0 when not retrying. */
  delayMs: number;
  /** Why. */
  reason: RetryReason;
}

/** What a {@link RetryOptions.shouldRetry} hook is shown: an attempt that failed, and what the policy decided. */
export interface RetryContext {
  /** The operation called (its operationId). */
  operationId: string;
  /** HTTP method. */
  method: string;
  /** Attempts made so far: 1 after the first. */
  attempt: number;
  /** HTTP status; 0 when no response came. */
  status: number;
  /** The response's headers, when one came. */
  headers: { get(name: string): string | null } | undefined;
  /** Why no response came (a connection error or the attempt's timeout), when none did. */
  error: unknown;
  /** The policy's decision, which the hook may override. */
  decision: RetryDecision;
}

/** The defaults written in core's README. */
export const RETRY_DEFAULTS: RetryPolicy = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/** Retry settings with every default filled in; `shouldRetry` stays optional. */
export type RetryPolicy = Required<Omit<RetryOptions, 'shouldRetry'>> & Pick<RetryOptions, 'shouldRetry'>;

/** HTTP statuses that mean "try again": timeout, rate limit, transient server errors. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** A request may be repeated when its method is idempotent, or its operation is marked so in the spec. */
export function isRepeatable(method: string, idempotent: boolean | undefined): boolean {
  return SAFE_METHODS.has(method) || idempotent === true;
}

/** Exponential backoff with jitter: a random delay in [base/2, base], base = initial * 2^retry capped at `maxDelayMs`. */
export function backoffDelay(retry: number, options: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  return Math.round(base / 2 + random() * (base / 2));
}

/**
 * The retry policy, in one place: a retryable status (408, 429, 5xx) or no response (`status` 0)
 * is retried while the request is `repeatable` and the call has retries left after `attempt`
 * attempts, after the server's hint (`retryAfterMs`) when it gives one, at most `maxRetryAfterMs`,
 * else after the backoff. Everything else is the answer. (Positional arguments: this runs on
 * every attempt and ships in every bundle.)
 */
export function decideRetry(status: number, retryAfterMs: number | undefined, attempt: number, repeatable: boolean, maxRetries: number, policy: RetryPolicy): RetryDecision {
  const hint = status ? retryAfterMs : undefined;
  const reason: RetryReason =
    status && !RETRYABLE_STATUSES.has(status)
      ? 'answered'
      : !repeatable
        ? 'not repeatable'
        : attempt > maxRetries
          ? 'retries exhausted'
          : hint! > policy.maxRetryAfterMs
            ? 'retry-after too long'
            : status
              ? 'retryable status'
              : 'no response';
  const retry = reason === 'retryable status' || reason === 'no response';
  return { retry, delayMs: retry ? (hint ?? backoffDelay(attempt - 1, policy)) : 0, reason };
}

/** The decision after the client's `shouldRetry` hook, asked about a failed attempt (no response, or status 400+) while the call's `maxRetries` allow another. */
export function consultHook(context: RetryContext, maxRetries: number, policy: RetryPolicy): RetryDecision {
  const { decision, status, attempt } = context;
  const verdict = (!status || status > 399) && attempt <= maxRetries ? policy.shouldRetry!(context) : undefined;
  return typeof verdict !== 'boolean' || verdict === decision.retry ? decision : { retry: verdict, delayMs: verdict ? backoffDelay(attempt - 1, policy) : 0, reason: 'shouldRetry' };
}
