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
}

/** The defaults written in core's README. */
export const RETRY_DEFAULTS: Required<RetryOptions> = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/** HTTP statuses that mean "try again": timeout, rate limit, transient server errors. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** A request may be repeated when its method is idempotent, or its operation is marked so in the spec. */
export function isRepeatable(method: string, idempotent: boolean | undefined): boolean {
  return SAFE_METHODS.has(method) || idempotent === true;
}

/** Exponential backoff with jitter: a random delay in [base/2, base], base = initial * 2^retry capped at `maxDelayMs`. */
export function backoffDelay(retry: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  return Math.round(base / 2 + random() * (base / 2));
}
