/** What happened to one item of a bulk run, and how a failed call becomes one. */
import { CareApiConnectionError, CareApiError, CareApiTimeoutError, RETRYABLE_STATUSES } from '@careapis/core';

/** Fields every outcome has: the item's key and its place in the input. */
interface Base {
  /** The item's key (`key(input)`). */
  key: string;
  /** The item's position in the input, from 0. */
  index: number;
}

/** The item succeeded in this run; `data` is the success body (with `split`, the item's entry of it). */
export interface OkOutcome<D> extends Base {
  state: 'ok';
  data: D;
}

/** An earlier run recorded the item as succeeded, so it was not sent again; `kept` is what that run kept of the answer (`keep`). */
export interface SkippedOutcome extends Base {
  state: 'skipped';
  kept: unknown;
}

/** The vendor refused the item: an HTTP error status that retrying does not fix, or the item's own error in a batch answer (a 207's per-item `error`). */
export interface VendorErrorOutcome extends Base {
  state: 'vendor-error';
  /** The HTTP status (for a batch item, the status its error entry gives, if any). */
  status: number | undefined;
  /** The error body (secrets redacted by the client), or the item's error entry. */
  body: unknown;
  /** A short reason, never the whole body. */
  message: string;
}

/** The client gave up after its retries: a retryable status (408, 429, 5xx) to the last attempt, a timeout, or a lost connection. */
export interface GaveUpOutcome extends Base {
  state: 'gave-up';
  /** The last HTTP status, when there was an answer. */
  status: number | undefined;
  /** Attempts made, when known. */
  attempts: number | undefined;
  /** The vendor may have acted on the request (a timeout or a connection lost mid-request): a re-run treats the item as uncertain. */
  maybeSent: boolean;
  message: string;
}

/** An earlier run sent the item and ended before recording the answer (or gave up in a way that may have gone through): not sent again unless `retryUncertain`. */
export interface UncertainOutcome extends Base {
  state: 'uncertain';
  message: string;
}

/** Neither success nor an HTTP error: an exception in `send`, a body that is not what the spec says, an auth failure. */
export interface FailedOutcome extends Base {
  state: 'failed';
  message: string;
  /** The error thrown. */
  error: unknown;
}

/** One item's outcome. */
export type ItemOutcome<D> = OkOutcome<D> | SkippedOutcome | VendorErrorOutcome | GaveUpOutcome | UncertainOutcome | FailedOutcome;

/** The outcome of a failed call, without key and index. */
export type FailureOutcome = Omit<VendorErrorOutcome, keyof Base> | Omit<GaveUpOutcome, keyof Base> | Omit<FailedOutcome, keyof Base>;

/** Connection failures that prove the request never left: it cannot have been acted on. */
const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/** Sorts a failed call: vendor error (a status retrying does not fix), gave up (retryable status, timeout, connection), or failed. */
export function failureOf(error: unknown): FailureOutcome {
  if (error instanceof CareApiError) {
    const { status, attempts, body } = error;
    if (RETRYABLE_STATUSES.has(status)) return { state: 'gave-up', status, attempts, maybeSent: false, message: error.message };
    return { state: 'vendor-error', status, body, message: error.message };
  }
  if (error instanceof CareApiTimeoutError) return { state: 'gave-up', status: undefined, attempts: error.context.attempts, maybeSent: true, message: error.message };
  if (error instanceof CareApiConnectionError) return { state: 'gave-up', status: undefined, attempts: error.context.attempts, maybeSent: !NEVER_SENT.test(error.message), message: error.message };
  return { state: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error), error };
}

/** The outcome of one item's error entry in a batch answer (`split.error`): a vendor error with that entry as body. */
export function entryFailure(entry: unknown): Omit<VendorErrorOutcome, keyof Base> {
  const e = entry as { status?: unknown; message?: unknown; name?: unknown } | null;
  const status = typeof e?.status === 'number' && e.status >= 100 && e.status <= 599 ? e.status : undefined;
  const text = [e?.name, e?.message].filter((v): v is string => typeof v === 'string' && v !== '' && v.length <= 200).join(': ');
  return { state: 'vendor-error', status, body: entry, message: text || 'the batch answer marks this item as failed' };
}
