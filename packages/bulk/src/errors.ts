/** Errors of @careapis/bulk. Both extend core's `CareApiBaseError`, so one `instanceof` catches every careapis error. */
import { CareApiBaseError } from '@careapis/core';

/** Why a limiter refused: no limits to pace to, a limit that cannot be met, the shared store out of reach, or a wait longer than allowed. */
export type LimiterErrorCode = 'no-limits' | 'bad-limit' | 'unmeetable' | 'wrong-vendor' | 'unavailable' | 'too-long';

/**
 * A limiter could not pace a request. Thrown at creation for bad limits, and by a call the limiter
 * refused (the request is then not sent). A bulk run stops on it: it is never "unlimited in silence".
 */
export class LimiterError extends CareApiBaseError {
  override name = 'LimiterError';
  /** What went wrong, to switch on. */
  declare readonly code: LimiterErrorCode;
  constructor(code: LimiterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Why a bulk run refused to start or stopped. */
export type BulkErrorCode = 'bad-option' | 'duplicate-key' | 'journal-mismatch' | 'journal-corrupt';

/** A bulk run was given something it cannot work with: a bad option, a key seen twice, or a journal of another operation. */
export class BulkError extends CareApiBaseError {
  override name = 'BulkError';
  /** What went wrong, to switch on. */
  declare readonly code: BulkErrorCode;
  constructor(code: BulkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
