/**
 * One changeset per regenerated package: `.changeset/regen-<vendor>.md`, the bump in the
 * frontmatter and the changes in words, grouped by how much they matter to callers.
 * See https://github.com/changesets/changesets/blob/main/docs/adding-a-changeset.md
 */
import { git } from './git.js';
import { formatChange, type Bump, type Change } from './change.js';

/** What a changeset says. */
export interface ChangesetInput {
  packageName: string;
  bump: Bump;
  changes: Change[];
  specFile: string;
  /** `info.title` and `info.version` of the new spec. */
  title: string;
  apiVersion: string;
}

const SECTIONS: [Bump, string][] = [
  ['major', 'Breaking changes'],
  ['minor', 'Added or changed compatibly'],
  ['patch', 'Documentation'],
];

/** The changeset file's text. */
export function renderChangeset(input: ChangesetInput): string {
  const lines = ['---', `${JSON.stringify(input.packageName)}: ${input.bump}`, '---', '', `Regenerated from \`${input.specFile}\` (${input.title} ${input.apiVersion}).`];
  for (const [bump, heading] of SECTIONS) {
    const items = input.changes.filter((c) => c.bump === bump);
    if (items.length === 0) continue;
    lines.push('', `${heading}:`, '', ...items.map((c) => `- ${formatChange(c)}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Where this branch's changeset for a vendor goes: the first of `regen-<vendor>.md`,
 * `regen-<vendor>-2.md`, … that does not exist at the base commit. Running regen again on the
 * same branch rewrites the same file; a changeset already on the base (merged, not yet released)
 * is never overwritten.
 */
export async function changesetPath(rootDir: string, base: string, vendor: string): Promise<string> {
  const atBase = new Set((await git(rootDir, ['ls-tree', '--name-only', base, '.changeset/'])).split('\n').filter(Boolean));
  for (let n = 1; ; n++) {
    const path = `.changeset/regen-${vendor}${n === 1 ? '' : `-${n}`}.md`;
    if (!atBase.has(path)) return path;
  }
}
