/**
 * Which specs changed, and against which commit. Two ways to choose that commit:
 *
 * - one base ref for every spec (default: the merge base of HEAD with `main`): what a maintainer
 *   wants on a branch, and what a pull request compares with;
 * - per package, the last commit that changed its generated files (`--since-generated`): what
 *   CI wants on `main`, where spec edits may pile up before their regenerated packages land.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changedSpecs, lastCommitTouching, resolveCommit, showFile, type SpecChange } from './git.js';

export type { SpecChange } from './git.js';

/** Specs that differ from `base` (a commit), working-tree edits included. */
export function specsChangedSince(rootDir: string, base: string): Promise<SpecChange[]> {
  return changedSpecs(rootDir, base);
}

/** Specs that differ from the version their package was last generated from. */
export async function specsChangedSinceGenerated(rootDir: string): Promise<SpecChange[]> {
  const head = await resolveCommit(rootDir, 'HEAD');
  if (!head) throw new Error('the repository has no commit yet');
  const specs = (await readdir(join(rootDir, 'specs'))).filter((f) => /^[a-z][a-z0-9-]*\.yaml$/.test(f)).sort();
  const packages = (await readdir(join(rootDir, 'packages'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const changes: SpecChange[] = [];
  for (const name of specs) {
    const vendor = name.replace(/\.yaml$/, '');
    const file = `specs/${name}`;
    const base = await lastCommitTouching(rootDir, `packages/${vendor}/src/generated`);
    if (!base) {
      changes.push({ file, vendor, status: 'added', base: head });
      continue;
    }
    const [then, now] = [await showFile(rootDir, base, file), await readFile(join(rootDir, file), 'utf8')];
    if (then === undefined) changes.push({ file, vendor, status: 'added', base });
    else if (then !== now) changes.push({ file, vendor, status: 'modified', base });
  }
  // A package whose spec is gone.
  for (const vendor of packages) {
    if (specs.includes(`${vendor}.yaml`)) continue;
    const base = await lastCommitTouching(rootDir, `packages/${vendor}/src/generated`);
    if (base && (await showFile(rootDir, base, `specs/${vendor}.yaml`)) !== undefined) changes.push({ file: `specs/${vendor}.yaml`, vendor, status: 'deleted', base });
  }
  return changes;
}
