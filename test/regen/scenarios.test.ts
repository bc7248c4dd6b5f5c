/**
 * `npm run regen` end to end, in a temporary git repository made from the project: a spec edit
 * on a branch (breaking, additive, docs-only, invalid), then the regenerated files, the packages
 * turbo built (and only those), and the changeset with its bump and text.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegenReport } from '../../scripts/src/regen/regen.js';
import { makeTempRepo, type TempRepo } from './temp-repo.js';

let repo: TempRepo;

beforeAll(async () => {
  repo = await makeTempRepo();
}, 120_000);
afterAll(async () => {
  await repo?.remove();
});

/** Replaces one exact piece of specs/stedi.yaml (failing when it is not there) and commits. */
async function editStedi(edits: [from: string, to: string][]): Promise<void> {
  const path = join(repo.dir, 'specs/stedi.yaml');
  let text = await readFile(path, 'utf8');
  for (const [from, to] of edits) {
    expect(text.includes(from), `specs/stedi.yaml contains ${JSON.stringify(from)}`).toBe(true);
    text = text.replace(from, to);
  }
  await writeFile(path, text);
  repo.git('commit', '-q', '-a', '-m', 'edit specs/stedi.yaml');
}

/** Runs regen with --json and returns its report; fails with regen's output when it did not exit 0. */
async function regen(...args: string[]): Promise<RegenReport> {
  const result = await repo.regen('--json', ...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RegenReport;
}

/** Paths `git status` reports as changed or new. */
function changedPaths(): string[] {
  return repo
    .git('status', '--porcelain', '--untracked-files=all')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .sort();
}

/** The workspace packages of the repository: name → its @careapis dependencies. */
async function workspaceGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const dir of await readdir(join(repo.dir, 'packages'))) {
    const file = join(repo.dir, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(await readFile(file, 'utf8')) as { name: string; dependencies?: Record<string, string> };
    graph.set(pkg.name, Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@careapis/')));
  }
  // The tooling workspace type-checks the demo against the facade, so it is a dependent too (it builds nothing).
  const scripts = JSON.parse(await readFile(join(repo.dir, 'scripts/package.json'), 'utf8')) as { name: string; devDependencies?: Record<string, string> };
  graph.set(scripts.name, Object.keys(scripts.devDependencies ?? {}).filter((d) => d.startsWith('@careapis/')));
  return graph;
}

/** Which packages turbo must build for `name`: it and its dependents (the scope), plus what those depend on. */
async function expectedBuild(name: string): Promise<{ scope: string[]; built: string[] }> {
  const graph = await workspaceGraph();
  const scope = new Set([name]);
  // Dependents, transitively (the graph has a handful of packages: a few passes at most).
  for (let pass = 0; pass < graph.size; pass++) {
    for (const [pkg, deps] of graph) if (deps.some((d) => scope.has(d))) scope.add(pkg);
  }
  // What those depend on, transitively.
  const built = new Set(scope);
  for (let pass = 0; pass < graph.size; pass++) {
    for (const pkg of [...built]) for (const dep of graph.get(pkg) ?? []) built.add(dep);
  }
  built.delete('@careapis/scripts');
  return { scope: [...scope].sort(), built: [...built].sort() };
}

/** Packages whose dist/ exists: the copy starts with none (dist/ is not committed). */
async function builtPackages(): Promise<string[]> {
  const graph = await workspaceGraph();
  const names: string[] = [];
  for (const name of graph.keys()) if (existsSync(join(repo.dir, 'packages', name.replace('@careapis/', ''), 'dist'))) names.push(name);
  return names.sort();
}

async function changeset(path = '.changeset/regen-stedi.md'): Promise<string> {
  return readFile(join(repo.dir, path), 'utf8');
}

describe('npm run regen in a temporary repository', () => {
  it('breaking edit: major changeset naming each broken call, stedi and its dependents rebuilt', { timeout: 300_000 }, async () => {
    repo.branch('breaking');
    await editStedi([
      // UpdateProviderRequest: contacts becomes required.
      ['        of this body.\n      required:\n        - name\n', '        of this body.\n      required:\n        - name\n        - contacts\n'],
      // TaxIdType: SSN goes away.
      ['      enum:\n        - EIN\n        - SSN\n', '      enum:\n        - EIN\n'],
    ]);

    const report = await regen('--no-test');
    const [stedi] = report.packages;
    expect(report.packages).toHaveLength(1);
    expect(stedi).toMatchObject({ packageName: '@careapis/stedi', status: 'modified', bump: 'major', changeset: '.changeset/regen-stedi.md' });

    const text = await changeset();
    expect(text.startsWith('---\n"@careapis/stedi": major\n---\n')).toBe(true);
    expect(text).toContain('- `updateProvider`: request field `contacts` is now required\n');
    expect(text).toContain('- `createProvider`: request field `taxIdType` no longer accepts `SSN`\n');
    expect(text).toContain('- `getProvider`: response field `taxIdType` is no longer `SSN`\n');
    expect(text.indexOf('Breaking changes:')).toBeLessThan(text.indexOf('`getProvider`'));

    // Only the stedi package and the changeset changed; the regenerated types say what the spec says.
    expect(changedPaths()).toEqual(['.changeset/regen-stedi.md', ...stedi!.regenerated].sort());
    expect(stedi!.regenerated.every((f) => f.startsWith('packages/stedi/'))).toBe(true);
    const schema = await readFile(join(repo.dir, 'packages/stedi/src/generated/schema.ts'), 'utf8');
    expect(schema).toContain('TaxIdType: "EIN";');
    expect(schema).toMatch(/UpdateProviderRequest: \{[^}]*\n\s+contacts: components\["schemas"\]\["ProviderContact"\]\[\];/);

    // Built: stedi, its dependents, and what they need; no other vendor.
    const expected = await expectedBuild('@careapis/stedi');
    expect(report.affected?.scope).toEqual(expected.scope);
    expect(report.build).toEqual({ ok: true });
    expect(report.test).toBeUndefined();
    expect(await builtPackages()).toEqual(expected.built);

    // Running it again rewrites the same changeset and changes nothing else.
    const again = await regen('--no-build');
    expect(again.packages[0]?.changeset).toBe('.changeset/regen-stedi.md');
    expect(await changeset()).toBe(text);
    expect(changedPaths()).toEqual(['.changeset/regen-stedi.md', ...stedi!.regenerated].sort());
  });

  it('additive edit: minor changeset, affected packages built and their tests run', { timeout: 300_000 }, async () => {
    repo.branch('additive');
    await editStedi([
      [
        '        streetAddress2:\n',
        '        faxNumber:\n          type: string\n          description: The contact\'s fax number, if the payer should fax communications.\n        streetAddress2:\n',
      ],
    ]);

    const report = await regen();
    const [stedi] = report.packages;
    expect(stedi).toMatchObject({ packageName: '@careapis/stedi', bump: 'minor' });
    const text = await changeset();
    expect(text.startsWith('---\n"@careapis/stedi": minor\n---\n')).toBe(true);
    for (const line of [
      '- `createProvider`: request field `contacts[].faxNumber` was added',
      '- `updateProvider`: request field `contacts[].faxNumber` was added',
      '- `getProvider`: response field `contacts[].faxNumber` was added',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
    expect(text).not.toContain('Breaking changes');

    expect(changedPaths()).toEqual(['.changeset/regen-stedi.md', ...stedi!.regenerated].sort());
    expect(await readFile(join(repo.dir, 'packages/stedi/src/generated/schema.ts'), 'utf8')).toContain('faxNumber?: string;');

    const expected = await expectedBuild('@careapis/stedi');
    expect(report.affected?.scope).toEqual(expected.scope);
    expect(report.build).toEqual({ ok: true });
    expect(report.test?.ok).toBe(true);
    expect(report.test?.filters).toContain('stedi');
    expect(report.test?.filters).not.toContain('candid');
    expect(await builtPackages()).toEqual(expected.built);
  });

  it('docs-only edit: patch changeset listing the operations whose docs changed', { timeout: 300_000 }, async () => {
    repo.branch('docs');
    await editStedi([['        Lists providers with optional filtering and pagination.\n', '        Lists the provider records of your account, with optional filtering and pagination.\n']]);

    const report = await regen('--no-test');
    const [stedi] = report.packages;
    expect(stedi).toMatchObject({ bump: 'patch' });
    expect(await changeset()).toBe(
      '---\n"@careapis/stedi": patch\n---\n\nRegenerated from `specs/stedi.yaml` (Stedi Enrollment API 2024-09-01).\n\nDocumentation:\n\n- `listProviders`: descriptions updated\n',
    );
    expect(stedi!.regenerated.length).toBeGreaterThan(0);
    expect(changedPaths()).toEqual(['.changeset/regen-stedi.md', ...stedi!.regenerated].sort());
    const client = await readFile(join(repo.dir, 'packages/stedi/src/generated/client.ts'), 'utf8');
    expect(client).toContain('Lists the provider records of your account');
    expect(await builtPackages()).toEqual((await expectedBuild('@careapis/stedi')).built);
  });

  it('invalid edits: exits non-zero naming every problem, and leaves the tree untouched', { timeout: 120_000 }, async () => {
    repo.branch('invalid');
    // Committed on the branch: every contact example in the spec lacks streetAddress2, so requiring it breaks them.
    await editStedi([['        - streetAddress1\n        - city\n', '        - streetAddress1\n        - streetAddress2\n        - city\n']]);
    // Not committed (regen reads the working tree): an extension the generator does not know.
    const carecycle = join(repo.dir, 'specs/carecycle.yaml');
    const text = await readFile(carecycle, 'utf8');
    expect(text).toContain('      operationId: createCustomerProvider\n');
    await writeFile(carecycle, text.replace('      operationId: createCustomerProvider\n', '      operationId: createCustomerProvider\n      x-careapis-bogus: true\n'));
    const statusBefore = repo.git('status', '--porcelain', '--untracked-files=all');
    expect(statusBefore).toBe(' M specs/carecycle.yaml\n');

    const result = await repo.regen();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing written');
    expect(result.stderr).toMatch(/specs\/stedi\.yaml:\d+ .*streetAddress2/);
    expect(result.stderr).toMatch(/specs\/carecycle\.yaml:\d+ .*x-careapis-bogus/);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe(statusBefore);
    expect(await builtPackages()).toEqual([]);
  });

  it('CI on main (--since-generated): spec edits pile up until their packages land; --dry-run writes nothing', { timeout: 180_000 }, async () => {
    repo.branch('ci-main');
    await editStedi([['        Lists providers with optional filtering and pagination.\n', '        Lists the provider records of your account, with optional filtering and pagination.\n']]);
    await editStedi([['      enum:\n        - EIN\n        - SSN\n', '      enum:\n        - EIN\n']]);

    const dry = await regen('--since-generated', '--dry-run');
    expect(dry.base).toBe('since-generated');
    expect(dry.packages[0]).toMatchObject({ packageName: '@careapis/stedi', bump: 'major', base: repo.git('rev-parse', 'main').trim() });
    // Both edits since the last generation count, not only the last commit.
    expect(dry.packages[0]?.changesetText).toContain('`listProviders`: descriptions updated');
    expect(dry.packages[0]?.changesetText).toContain('`createProvider`: request field `taxIdType` no longer accepts `SSN`');
    expect(dry.affected?.scope).toContain('@careapis/stedi');
    expect(dry.build).toBeUndefined();
    expect(changedPaths()).toEqual([]);

    const summaryFile = join(repo.dir, '.git', 'regen-summary.md'); // inside .git: not part of the tree
    const written = await regen('--since-generated', '--no-build', '--summary', summaryFile);
    expect(await changeset()).toBe(written.packages[0]?.changesetText);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('### @careapis/stedi: major');
    expect(summary).toContain('- **major** `createProvider`: request field `taxIdType` no longer accepts `SSN`');
    // The regenerated packages land (the pull request is merged): nothing is left to do.
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'regenerated');
    expect((await regen('--since-generated', '--no-build')).packages).toEqual([]);
  });

  it('no spec edit: nothing to do, exit 0', { timeout: 120_000 }, async () => {
    repo.branch('nothing');
    const report = await regen();
    expect(report.packages).toEqual([]);
    expect(changedPaths()).toEqual([]);
  });
});
