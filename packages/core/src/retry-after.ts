/** Reading a server's "wait this long before retrying" hint. */

/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds (`"120"`, `"1.5"`) or an HTTP date.
 * Returns `undefined` when the value is absent, unreadable, negative (`"-5"`, which `Date.parse`
 * would read as a year) or a date in the past, so the retry waits its usual backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date starts with the day's name (`Wed, 21 Oct 2015 07:28:00 GMT`).
  const wait = /^[a-z]/i.test(text) ? Date.parse(text) - now : NaN;
  return wait >= 0 ? wait : undefined;
}

/** Milliseconds from a seconds field of a JSON error body (the spec's `x-careapis-retry-after`); `undefined` when absent, unreadable or negative. */
export function retryAfterFromBody(text: string, field: string): number | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const seconds = (body as Record<string, unknown>)[field];
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  if (typeof seconds === 'string') return parseRetryAfter(seconds);
  return undefined;
}
