/** The retry policy as one function: every outcome it can reach, each in the same shape. */
import { describe, expect, it } from 'vitest';
import { decideRetry, RETRY_DEFAULTS, type RetryDecision } from '../../packages/core/src/retry.js';

const policy = { ...RETRY_DEFAULTS, initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
/** How an attempt ended; defaults: a first attempt of a repeatable request answered 503, no hint, 2 retries allowed. */
interface AttemptEnd {
  status: number;
  retryAfterMs: number | undefined;
  attempt: number;
  repeatable: boolean;
  maxRetries: number;
}
const end = (over: Partial<AttemptEnd>): AttemptEnd => ({ status: 503, retryAfterMs: undefined, attempt: 1, repeatable: true, maxRetries: 2, ...over });

describe('decideRetry', () => {
  const cases: [string, Partial<AttemptEnd>, Omit<RetryDecision, 'delayMs'> & { delayMs: number | [number, number] }][] = [
    ['a success is the answer', { status: 200 }, { retry: false, delayMs: 0, reason: 'answered' }],
    ['a 404 is the answer', { status: 404 }, { retry: false, delayMs: 0, reason: 'answered' }],
    ['a 501 is the answer (not a transient 5xx)', { status: 501 }, { retry: false, delayMs: 0, reason: 'answered' }],
    ['a 503 is retried after the backoff', { status: 503 }, { retry: true, delayMs: [50, 100], reason: 'retryable status' }],
    ['the second retry backs off twice as long', { status: 500, attempt: 2 }, { retry: true, delayMs: [100, 200], reason: 'retryable status' }],
    ['a 429 waits the hint', { status: 429, retryAfterMs: 3000 }, { retry: true, delayMs: 3000, reason: 'retryable status' }],
    ['a hint over the cap hands the answer back', { status: 429, retryAfterMs: 5001 }, { retry: false, delayMs: 0, reason: 'retry-after too long' }],
    ['no response is retried after the backoff', { status: 0 }, { retry: true, delayMs: [50, 100], reason: 'no response' }],
    ['a hint means nothing without a response', { status: 0, retryAfterMs: 9999 }, { retry: true, delayMs: [50, 100], reason: 'no response' }],
    ['a request that may not be sent twice is not retried', { status: 503, repeatable: false }, { retry: false, delayMs: 0, reason: 'not repeatable' }],
    ['nor without a response', { status: 0, repeatable: false }, { retry: false, delayMs: 0, reason: 'not repeatable' }],
    ['the last allowed attempt is final', { status: 503, attempt: 3 }, { retry: false, delayMs: 0, reason: 'retries exhausted' }],
    ['maxRetries 0 means one attempt', { status: 0, maxRetries: 0 }, { retry: false, delayMs: 0, reason: 'retries exhausted' }],
  ];

  it.each(cases)('%s', (_, given, expected) => {
    const { status, retryAfterMs, attempt, repeatable, maxRetries } = end(given);
    const decision = decideRetry(status, retryAfterMs, attempt, repeatable, maxRetries, policy);
    expect(Object.keys(decision)).toEqual(['retry', 'delayMs', 'reason']);
    expect(decision.retry).toBe(expected.retry);
    expect(decision.reason).toBe(expected.reason);
    if (Array.isArray(expected.delayMs)) {
      expect(decision.delayMs).toBeGreaterThanOrEqual(expected.delayMs[0]);
      expect(decision.delayMs).toBeLessThanOrEqual(expected.delayMs[1]);
    } else expect(decision.delayMs).toBe(expected.delayMs);
  });
});
