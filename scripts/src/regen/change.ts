/** What one spec edit means for the people who call a generated client. */

/** Semver bump of a package, as changesets spells it. */
export type Bump = 'major' | 'minor' | 'patch';

/** One change a caller can notice, in words. */
export interface Change {
  bump: Bump;
  /** Client method it concerns (camelCase operationId); absent for client-wide changes. */
  method?: string | undefined;
  /** What changed, e.g. "request field `contacts[].phone` is now required". */
  text: string;
  /** Response status codes the change was seen in, for response changes. */
  statuses?: string[] | undefined;
  /** For documentation changes: what kind of text changed. */
  docs?: 'descriptions' | 'examples' | undefined;
}

const ORDER: Record<Bump, number> = { major: 3, minor: 2, patch: 1 };

/** The larger of two bumps (`undefined` is no change). */
export function maxBump(a: Bump | undefined, b: Bump | undefined): Bump | undefined {
  if (!a) return b;
  if (!b) return a;
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** Sort order: major first, then by method (client-wide first), then by text. */
export function compareChanges(a: Change, b: Change): number {
  return ORDER[b.bump] - ORDER[a.bump] || (a.method ?? '').localeCompare(b.method ?? '') || a.text.localeCompare(b.text);
}

/** "`updateProvider`: request field `x` is now required" */
export function formatChange(change: Change): string {
  return change.method ? `\`${change.method}\`: ${change.text}` : change.text;
}
