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

/** One request violation Prism found. */
export interface Violation {
  /** Where in the request, e.g. `['query', 'pagesize']`, `['path', 'providerid']`, `['body', 'npi']` (Prism lower-cases parameter names). */
  location: string[];
  message: string;
}

/**
 * The request violations Prism found: from its `sl-violations` response header when the spec has
 * a 400/422 response for it to answer with, else from the `validation` list of the
 * problem+json body Prism makes up itself. None when it found none.
 */
export function violations(error: CareApiError): Violation[] {
  const header = error.headers['sl-violations'];
  const found = header ? (JSON.parse(header) as Violation[]) : ((error.body as { validation?: Violation[] } | undefined)?.validation ?? []);
  // The header's locations start with `request`, the body's do not.
  return found.map((v) => ({ ...v, location: v.location[0] === 'request' ? v.location.slice(1) : v.location }));
}

/** Where the violations are, each location joined with dots (`query.pagesize`), once each, sorted. */
export function violatedAt(error: CareApiError): string[] {
  return [...new Set(violations(error).map((v) => v.location.join('.')))].sort();
}
