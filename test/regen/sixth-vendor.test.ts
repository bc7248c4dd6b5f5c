/**
 * A sixth vendor costs one file: a valid spec dropped into specs/ of a copy of the repository,
 * then the documented commands (generate, install, build), and with no hand edit anywhere the
 * package exists and builds, the facade exposes it, the size gate measures it, the root README
 * lists it, and `regen` builds and tests it. The spec is the generator's petstore fixture.
 */
import { copyFile, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo, PROJECT, type TempRepo } from './temp-repo.js';

let repo: TempRepo;
beforeAll(async () => {
  repo = await makeTempRepo();
  await copyFile(join(PROJECT, 'test/generator/fixtures/petstore.yaml'), join(repo.dir, 'specs/petstore.yaml'));
}, 120_000);
afterAll(() => repo?.remove());

const ok = (result: { code: number; stdout: string; stderr: string }, what: string): string => {
  expect(result.code, `${what}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).toBe(0);
  return result.stdout;
};

describe('a sixth vendor: one spec file, the documented commands, no hand edit', () => {
  it('generate writes the package and every list of vendors; install and build make it usable', { timeout: 600_000 }, async () => {
    ok(await repo.tool('tsx', 'scripts/src/cli/generate.ts'), 'npm run generate');
    expect(await readFile(join(repo.dir, 'packages/petstore/src/generated/operations.ts'), 'utf8')).toContain('export function listPets(');
    expect(await readFile(join(repo.dir, 'README.md'), 'utf8')).toContain('[`@careapis/petstore`](packages/petstore)');
    expect(await readFile(join(repo.dir, 'packages/sdk/src/generated/vendors.ts'), 'utf8')).toContain('"petstore"');
    expect(JSON.parse(await readFile(join(repo.dir, 'packages/sdk/package.json'), 'utf8')).dependencies['@careapis/petstore']).toBe('^0.1.0');
    expect(await readFile(join(repo.dir, 'packages/sdk/README.md'), 'utf8')).toContain('`PETSTORE_API_KEY`');

    // `npm install` links a new workspace package into node_modules; the copy's node_modules are links to the project's, so the link is made here as npm makes it.
    await symlink('../../packages/petstore', join(repo.dir, 'node_modules/@careapis/petstore'));
    ok(await repo.tool('turbo', 'run', 'build', '--output-logs=errors-only'), 'npm run build');

    const facade = ok(
      await repo.tool(
        'tsx',
        '-e',
        `import { VENDORS, createCareApis, envVariable } from '@careapis/sdk';
         const apis = createCareApis({ petstore: { apiKey: 'ps_key', storeId: 'store-1' } });
         console.log(JSON.stringify({ vendors: [...VENDORS], configured: apis.vendors, method: typeof apis.petstore.listPets, env: envVariable('petstore', 'apiKey') }));`,
      ),
      'the facade',
    );
    expect(JSON.parse(facade.trim().split('\n').at(-1) ?? '{}')).toEqual({ vendors: expect.arrayContaining(['petstore', 'stedi']), configured: ['petstore'], method: 'function', env: 'PETSTORE_API_KEY' });

    const size = ok(await repo.tool('tsx', 'bench/size.ts', '--quick'), 'npm run size');
    expect(size).toMatch(/one call, `@careapis\/petstore`, single-operation form, everything included\*\* \| \d+ B/);
  });

  it('regen classifies the new vendor, writes its changeset, builds it and runs its tests', { timeout: 600_000 }, async () => {
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'petstore: the spec and what generate made of it');
    const result = await repo.regen('--base', 'HEAD~1', '--json');
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { vendors?: { vendor: string }[]; test?: { ok: boolean; filters: string[]; generic: string[] } };
    expect(result.code, `${result.stdout.slice(-6000)}\n${result.stderr.slice(-6000)}`).toBe(0);
    expect(JSON.stringify(report)).toContain('petstore');
    expect(report.test?.filters).toContain('petstore');
    expect(report.test?.ok).toBe(true);
    // No test file of its own: covered by the generic suite, and the report says so.
    expect(report.test?.generic).toContain('petstore');
  });
});
