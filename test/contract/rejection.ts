/** What the contract tests read from a rejected call: the CareApiError itself, and Prism's request violations. */
import { expect } from 'vitest';
import { CareApiError } from '@careapis/core';

/**
 * The error a call rejects with, typed as `E` (an operation's named error type, e.g.
 * `GetContractError`). Fails the test when the call resolves, or rejects with anything but a
 * `CareApiError` (a connection or config error would otherwise pass a loose `catch`).
 */
export async function rejection<E extends CareApiError = CareApiError>(call: PromiseLike<unknown>): Promise<E> {
  const outcome = await Promise.resolve(call).then(
    (data: unknown) => ({ settled: 'resolved' as const, data }),
    (error: unknown) => ({ settled: 'rejected' as const, error }),
  );
  if (outcome.settled === 'resolved') throw new Error(`expected the call to reject with a CareApiError; it resolved to ${JSON.stringify(outcome.data)}`);
  expect(outcome.error).toBeInstanceOf(CareApiError);
  return outcome.error as E;
}

/** One request violation Prism reports in its `sl-violations` response header. */
export interface Violation {
  /** Where in the request: `['query', 'pageSize']`, `['path', 'providerId']`, `['body', 'npi']`… */
  location: string[];
  message: string;
}

/** The request violations Prism found, from the error's (lower-case) response headers; none when it found none. */
export function violations(error: CareApiError): Violation[] {
  const header = error.headers['sl-violations'];
  return header ? (JSON.parse(header) as Violation[]) : [];
}

/** Where the violations are, each location joined with dots (`request.query.pagesize`), once each, sorted. */
export function violatedAt(error: CareApiError): string[] {
  return [...new Set(violations(error).map((v) => v.location.join('.')))].sort();
}
