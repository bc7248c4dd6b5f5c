/**
 * What one spec edit means for a package: every change a caller can notice, in words, and the
 * semver bump they add up to (major > minor > patch). The OpenAPI diff comes from api-smart-diff
 * (`api-diff.ts`), the client-only rules from `describe.ts` and `model-diff.ts`.
 */
import { parse } from 'yaml';
import { buildModel, type VendorModel } from '../generate/model/index.js';
import type { LoadedSpec } from '../generate/load.js';
import type { OpenApiDocument } from '../generate/spec-types.js';
import { diffDocuments } from './api-diff.js';
import { compareChanges, maxBump, type Bump, type Change } from './change.js';
import { describeDiff } from './describe.js';
import { diffModels } from './model-diff.js';

/** Input: one spec at two versions. */
export interface ClassifyInput {
  vendor: string;
  /** Spec path relative to the root, for messages. */
  file: string;
  before: string;
  after: string;
}

/** The outcome for one package. */
export interface Classification {
  /** Undefined when no caller can notice anything. */
  bump: Bump | undefined;
  /** Sorted: major first, then by method. Documentation edits are folded into one line per method. */
  changes: Change[];
  /** Things worth a look that are not changes (e.g. messages from the diff library). */
  warnings: string[];
}

/** Compares two versions of a spec. Both must be YAML; the new one has been validated by the generator. */
export function classify(input: ClassifyInput): Classification {
  const before = parse(input.before) as OpenApiDocument;
  const after = parse(input.after) as OpenApiDocument;
  const warnings: string[] = [];

  const api = diffDocuments(before, after);
  const unclassified = api.diffs.filter((d) => d.type === 'unclassified');
  if (unclassified.length) {
    const where = unclassified.slice(0, 3).map((d) => `/${d.path.join('/')}`);
    warnings.push(`${input.file}: api-smart-diff could not classify ${unclassified.length} change(s), counted as minor unless a rule here says otherwise: ${where.join(', ')}${unclassified.length > 3 ? ', …' : ''}${api.warnings.length ? ` (it said: ${api.warnings[0]})` : ''}`);
  }
  const described = api.diffs.map((d) => describeDiff(d, { before, after })).filter((c): c is Change => c !== undefined);

  const models = [model(input, before), model(input, after)] as const;
  if (models[0] && models[1]) described.push(...diffModels(models[0], models[1]));
  else warnings.push(`${input.file}: the ${models[0] ? 'new' : 'old'} version does not build a client model, so method, auth and environment changes were not compared`);

  const changes = fold(described);
  return { bump: changes.reduce<Bump | undefined>((b, c) => maxBump(b, c.bump), undefined), changes, warnings };
}

function model(input: ClassifyInput, doc: OpenApiDocument): VendorModel | undefined {
  const spec: LoadedSpec = { file: input.file, vendor: input.vendor, text: '', doc, lineOf: () => undefined };
  try {
    const built = buildModel(spec);
    return built.ok ? built.model : undefined;
  } catch {
    return undefined;
  }
}

/** Merges duplicates (one shared schema shows up in every operation and status that uses it) and folds documentation edits. */
function fold(changes: Change[]): Change[] {
  const merged = new Map<string, Change>();
  const docs = new Map<string, Set<'descriptions' | 'examples'>>();
  for (const change of changes) {
    if (change.docs) {
      const key = change.method ?? '';
      docs.set(key, (docs.get(key) ?? new Set()).add(change.docs));
      continue;
    }
    const key = `${change.bump}\0${change.method ?? ''}\0${change.text}`;
    const seen = merged.get(key);
    if (seen) seen.statuses = [...new Set([...(seen.statuses ?? []), ...(change.statuses ?? [])])];
    else merged.set(key, { ...change, statuses: change.statuses ? [...change.statuses] : undefined });
  }
  const out = [...merged.values()].map(withStatuses);
  for (const [method, kinds] of docs) {
    const what = [...kinds].sort().join(' and ');
    out.push({ bump: 'patch', method: method || undefined, text: method ? `${what} updated` : `API-wide ${what} updated` });
  }
  return out.sort(compareChanges);
}

/** Appends the statuses to a response change when it is not only about success responses. */
function withStatuses(change: Change): Change {
  const statuses = (change.statuses ?? []).sort();
  if (statuses.length === 0 || statuses.every((s) => /^2/.test(s))) return { bump: change.bump, method: change.method, text: change.text };
  return { bump: change.bump, method: change.method, text: `${change.text} (${statuses.length > 1 ? 'responses' : 'response'} ${statuses.join(', ')})` };
}
