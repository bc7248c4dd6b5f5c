/** Shared by the @careapis/bulk tests: what a rate-limited server sees, and one that enforces a limit. */
import { reply, type Answer, type Handler, type RecordedRequest } from '../support/loopback-server.js';

/** The largest number of `times` (ms) inside any half-open window `[t, t + windowMs)`. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

/** Requests per second over a run: arrivals after the first, divided by the time from the first to the last. */
export function ratePerSecond(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return ((sorted.length - 1) * 1000) / (sorted[sorted.length - 1]! - sorted[0]!);
}

/**
 * A handler that enforces `requests` per rolling `windowMs` the way careCycle documents its
 * limit: over it, 429 with `{ code: 'RATE_LIMIT_EXCEEDED', retryAfter }`; else `ok(request)`.
 * `accepted` and `rejected` count the answers.
 */
export function enforcing(requests: number, windowMs: number, ok: Handler = () => reply(201, { id: 'p' })): Handler & { accepted: number[]; rejected: number } {
  const accepted: number[] = [];
  const handler = ((request: RecordedRequest, n: number): Answer => {
    const now = request.at;
    const recent = accepted.filter((t) => t > now - windowMs).length;
    if (recent >= requests) {
      handler.rejected++;
      return reply(429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 1 });
    }
    accepted.push(now);
    return ok(request, n);
  }) as Handler & { accepted: number[]; rejected: number };
  handler.accepted = accepted;
  handler.rejected = 0;
  return handler;
}

/** A careCycle provider body. */
export const provider = (n: number): { providerType: 'Specialist'; providerName: string; npi: string } => ({ providerType: 'Specialist', providerName: `Provider ${n}`, npi: String(1000000000 + n) });

/** A careCycle customer id (any UUID). */
export const CUSTOMER = '3f0e1c9a-8b7d-4e6f-9a2b-1c3d5e7f9a0b';
/** A careCycle-shaped API key (never a real one). */
export const CC_KEY = 'cc_test_key';
