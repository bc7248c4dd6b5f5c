/**
 * The severity of a drift is what the regen classifier (`../regen/classify.ts`) says about the
 * spec edit that would follow the vendor: the edit is applied to a copy of our spec and the copy
 * is classified against the original, so a drift gets the same bump, with the same words, as the
 * change a maintainer would then make. Nothing here re-states a bump rule.
 */
import { formatChange, type Bump } from '../regen/change.js';
import { classify } from '../regen/classify.js';
import type { Difference } from './compare.js';
import type { Node } from './operations.js';

/** A difference with its severity. */
export interface RatedDifference extends Difference {
  /** The classifier's bump for the edit; `none` when no caller of the client would notice. */
  bump: Bump | 'none';
  /** The classifier's words for the edit (`\`updateProvider\`: request field \`npi\` is now required`). */
  changes: string[];
}

/** What classify needs to know about our spec. */
export interface SpecSource {
  vendor: string;
  /** Path relative to the root, for messages. */
  file: string;
  /** The spec's text, as committed. */
  text: string;
  /** The parsed spec. */
  doc: Node;
}

/**
 * Rates each difference by classifying the edit that would follow it. Differences whose edits are
 * the same (one shared schema seen from several operations) become one, naming every operation.
 */
export function rate(spec: SpecSource, differences: Difference[]): RatedDifference[] {
  const byEdit = new Map<string, RatedDifference>();
  const out: RatedDifference[] = [];
  for (const difference of differences) {
    const copy = structuredClone(spec.doc);
    if (!difference.edit(copy)) {
      out.push({ ...difference, bump: 'minor', changes: ['(the edit could not be written into our spec; counted as minor, as the classifier counts what it cannot classify)'] });
      continue;
    }
    const after = JSON.stringify(copy);
    const key = `${difference.kind}\0${difference.allowed ? 'allowed' : ''}\0${after}`;
    const same = byEdit.get(key);
    if (same) {
      if (!same.operation.split(', ').includes(difference.operation)) same.operation += `, ${difference.operation}`;
      continue;
    }
    const result = classify({ vendor: spec.vendor, file: spec.file, before: spec.text, after });
    // An edit after which the spec no longer builds a client (say, the token operation that
    // `x-careapis-token` names is gone) cannot be followed without breaking the package.
    const unbuildable = result.warnings.some((w) => w.includes('the new version does not build a client model'));
    const bump = unbuildable ? 'major' : (result.bump ?? 'none');
    const changes = [...result.changes.map(formatChange), ...(unbuildable ? ['the spec would no longer build a client: the generator rejects it'] : [])];
    const rated: RatedDifference = { ...difference, bump, changes };
    byEdit.set(key, rated);
    out.push(rated);
  }
  return out;
}
