/**
 * @careapis/bulk — bulk runs over careapis clients: limiters that pace a client to the vendor's
 * published rate limits (in one process, or across processes through Redis), and a runner that
 * sends one operation over many inputs with bounded concurrency, per-item outcomes, progress and
 * a journal that lets a re-run skip what succeeded.
 */
export { BulkError, LimiterError, type BulkErrorCode, type LimiterErrorCode } from './errors.js';
export { inProcessLimiter } from './in-process.js';
export { redisLimiter, type RedisLimiterOptions, type RedisRateLimiter } from './redis.js';
export { DEFAULT_MAX_WAIT_MS, spacingMs, type LimiterOptions, type RateLimiter } from './limits.js';
export { runBulk, type BulkOptions, type BulkProgress, type BulkReport, type SendContext, type Split } from './run.js';
export type { FailedOutcome, GaveUpOutcome, ItemOutcome, OkOutcome, SkippedOutcome, UncertainOutcome, VendorErrorOutcome } from './outcome.js';
export type { JournalEntry, JournalState } from './journal.js';
export { progressLine } from './progress.js';
