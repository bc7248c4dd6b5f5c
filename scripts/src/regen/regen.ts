/**
 * `npm run regen`: after a spec edit, do what a maintainer would.
 *
 * 1. find the specs changed since the base (`detect.ts`);
 * 2. validate them and render their packages in memory (the generator, `check` mode): an invalid
 *    spec stops the run here, before anything is written;
 * 3. compare each spec with its base version (`classify.ts`) and render a changeset;
 * 4. write the regenerated packages and the changesets;
 * 5. build and type-check the changed packages and their dependents, then run their tests
 *    (`tasks.ts`).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../generate/generate.js';
import type { Bump, Change } from './change.js';
import { changesetPath, renderChangeset } from './changeset.js';
import { classify } from './classify.js';
import { specsChangedSince, specsChangedSinceGenerated, type SpecChange } from './detect.js';
import { defaultBase, GitError, resolveCommit, showFile } from './git.js';
import { affectedPackages, buildAffected, testAffected, type AffectedPackages, type ToolOutput } from './tasks.js';

/** Options of one run. */
export interface RegenOptions {
  /** Repository root. */
  rootDir: string;
  /** Git ref to compare the specs with; default the merge base of HEAD with `main`. */
  base?: string | undefined;
  /** Compare each spec with the version its package was last generated from (CI on `main`). */
  sinceGenerated?: boolean | undefined;
  /** Report what would happen; write, build and test nothing. */
  dryRun?: boolean | undefined;
  /** Build and type-check the affected packages (default true). */
  build?: boolean | undefined;
  /** Run the affected packages' tests after building (default true). */
  test?: boolean | undefined;
  /** Progress lines; default none. */
  log?: ((line: string) => void) | undefined;
  /** Where turbo's and vitest's output goes (default stdout). */
  toolOutput?: ToolOutput | undefined;
}

/** What happened to one package. */
export interface PackageResult {
  vendor: string;
  packageName: string;
  specFile: string;
  status: SpecChange['status'];
  /** The commit the spec was compared with. */
  base: string;
  /** Generated files that changed (written, or with `dryRun` that would be). */
  regenerated: string[];
  /** Undefined when no caller can notice the edit (then no changeset). */
  bump: Bump | undefined;
  changes: Change[];
  warnings: string[];
  /** Changeset written (or that would be), relative to the root. */
  changeset?: string | undefined;
  /** Its text. */
  changesetText?: string | undefined;
}

/** The whole run, as `--json` prints it. */
export interface RegenReport {
  /** The base commit, or `since-generated` when each package has its own. */
  base: string;
  dryRun: boolean;
  packages: PackageResult[];
  /** The turbo run for the changed packages: filters, packages in scope, tasks. */
  affected?: AffectedPackages | undefined;
  /** Undefined when not run. */
  build?: { ok: boolean } | undefined;
  test?: { ok: boolean; filters: string[]; generic: string[] } | undefined;
}

/** Runs regen. Throws `SpecError` (nothing written) for an invalid spec and `GitError` when git cannot answer. */
export async function regen(options: RegenOptions): Promise<RegenReport> {
  const { rootDir } = options;
  const log = options.log ?? (() => {});
  const dryRun = options.dryRun === true;

  // 1. What changed, since when.
  let base = 'since-generated';
  let changes: SpecChange[];
  if (options.sinceGenerated) {
    changes = await specsChangedSinceGenerated(rootDir);
  } else {
    if (options.base !== undefined) {
      const commit = await resolveCommit(rootDir, options.base);
      if (!commit) throw new GitError(`--base ${options.base} names no commit`);
      base = commit;
    } else {
      base = await defaultBase(rootDir);
    }
    changes = await specsChangedSince(rootDir, base);
  }
  const since = options.sinceGenerated ? 'their packages were last generated' : base.slice(0, 12);
  log(changes.length ? `${changes.length} spec(s) changed since ${since}: ${changes.map((c) => `${c.file} (${c.status})`).join(', ')}` : `no spec changed since ${since}`);
  const report: RegenReport = { base, dryRun, packages: [] };
  if (changes.length === 0) return report;

  // 2. Validate and render in memory; throws SpecError before anything is written.
  const live = changes.filter((c) => c.status !== 'deleted');
  const generated = live.length ? await generate({ rootDir, specs: live.map((c) => c.file), check: true }) : [];

  // 3. Classify each change and render its changeset.
  for (const change of changes) {
    const packageName = `@careapis/${change.vendor}`;
    const result: PackageResult = { vendor: change.vendor, packageName, specFile: change.file, status: change.status, base: change.base, regenerated: [], bump: undefined, changes: [], warnings: [] };
    report.packages.push(result);
    if (change.status === 'deleted') {
      result.warnings.push(`${change.file} was deleted: packages/${change.vendor} is left as it is; remove it by hand and add a changeset if it was published`);
      continue;
    }
    result.regenerated = generated.find((g) => g.vendor === change.vendor)?.changed ?? [];
    if (change.status === 'added') {
      result.warnings.push(`${packageName} is new: it needs no changeset, \`changeset publish\` publishes its first version as it is`);
      continue;
    }
    const before = (await showFile(rootDir, change.base, change.file)) ?? '';
    const after = await readFile(join(rootDir, change.file), 'utf8');
    const classification = classify({ vendor: change.vendor, file: change.file, before, after });
    Object.assign(result, { bump: classification.bump, changes: classification.changes, warnings: classification.warnings });
    result.changeset = await changesetPath(rootDir, change.base, change.vendor);
    if (classification.bump) {
      const info = (parse(after) as { info?: { title?: string; version?: string } }).info ?? {};
      result.changesetText = renderChangeset({ packageName, bump: classification.bump, changes: classification.changes, specFile: change.file, title: info.title ?? change.vendor, apiVersion: info.version ?? '' });
    }
  }
  for (const p of report.packages) log(`${p.packageName}: ${p.bump ?? 'no'} bump, ${p.changes.length} change(s), ${p.regenerated.length} generated file(s) ${dryRun ? 'to write' : 'written'}${p.warnings.map((w) => `\n  note: ${w}`).join('')}`);

  // 4. Write: packages first (the generator checks everything again), then changesets.
  if (!dryRun) {
    if (live.length) await generate({ rootDir, specs: live.map((c) => c.file) });
    for (const p of report.packages) {
      if (!p.changeset) continue;
      const path = join(rootDir, p.changeset);
      if (p.changesetText) {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, p.changesetText);
      } else {
        // Nothing left to release (e.g. the edit was reverted): drop this branch's own changeset.
        await rm(path, { force: true });
        p.changeset = undefined;
      }
    }
  } else {
    for (const p of report.packages) if (!p.changesetText) p.changeset = undefined;
  }

  // 5. Build and test what is affected.
  const rebuilt = live.map((c) => `@careapis/${c.vendor}`);
  if (rebuilt.length === 0 || options.build === false) return report;
  report.affected = await affectedPackages(rootDir, rebuilt);
  log(`affected: ${report.affected.scope.join(', ')} (turbo ${report.affected.filters.join(' ')}; ${report.affected.tasks.length} task(s))`);
  if (dryRun) return report;
  const output = options.toolOutput ?? 'stdout';
  report.build = { ok: await buildAffected(rootDir, report.affected, output) };
  log(`build and typecheck: ${report.build.ok ? 'ok' : 'FAILED'}`);
  if (!report.build.ok || options.test === false) return report;
  report.test = await testAffected(rootDir, report.affected.scope, output);
  log(`tests (${report.test.filters.join(', ')}): ${report.test.ok ? 'ok' : 'FAILED'}`);
  if (report.test.generic.length) log(`note: ${report.test.generic.join(', ')} ${report.test.generic.length === 1 ? 'has' : 'have'} no test file of its own; covered by test/contract/every-vendor.test.ts only`);
  return report;
}
