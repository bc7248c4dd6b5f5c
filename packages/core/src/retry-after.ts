/** Reading a server's "wait this long before retrying" hint. */

/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds (`"120"`, `"1.5"`) or an HTTP date.
 * Returns `undefined` when the value is absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Milliseconds from a seconds field of a JSON error body (the spec's `x-careapis-retry-after`); `undefined` when absent or unreadable. */
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
