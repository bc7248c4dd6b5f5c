/**
 * A fresh consumer project in the temp directory, outside the workspace: the packed tarballs are
 * installed there with npm, the way a team installs them into its own service. Everything else
 * (openapi-fetch, TypeScript 5.9 and 7, @types/node, and for the test kit msw, openapi-msw and
 * vitest) comes from the npm registry.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PackedPackage } from './pack.js';

const run = promisify(execFile);

/** The repository's devDependencies: the ranges the consumer installs the kit's tools at. */
const ROOT_DEV_DEPENDENCIES = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
/** The packages a team installs to use the test kit: its peer dependencies and vitest. */
export const KIT_TOOLS = ['msw', 'openapi-msw', 'vitest'] as const;

/** TypeScript compilers installed side by side in the consumer, by the alias they are installed under. */
export const COMPILERS = { ts5: 'typescript@~5.9.3', ts7: 'typescript@^7' } as const;

/** An installed consumer project. */
export interface Consumer {
  /** Absolute path of the project. */
  dir: string;
  /** npm's `--loglevel=http` output of the install: every registry request it made. */
  installLog: string;
  /** The consumer's package-lock.json, parsed. */
  lock: { packages: Record<string, { version?: string; resolved?: string }> };
  /** Deletes the project. */
  remove(): void;
}

/** Creates the project, copies test/packaging/consumer/* into it and installs the tarballs. */
export async function createConsumer(packed: readonly PackedPackage[]): Promise<Consumer> {
  const dir = mkdtempSync(join(tmpdir(), 'careapis-consumer-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    // Every @careapis dependency, direct or not, is pinned to its tarball (`$name` refers to the
    // direct dependency), so npm never asks the registry for one.
    const dependencies: Record<string, string> = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
    const overrides = Object.fromEntries(packed.map((p) => [p.name, `$${p.name}`]));
    for (const [alias, spec] of Object.entries(COMPILERS)) dependencies[alias] = `npm:${spec}`;
    dependencies['@types/node'] = '^20.19.0';
    // What a team adds to test with the kit (`@careapis/<vendor>/testing`): its peers and a test runner, at the repository's ranges.
    for (const name of KIT_TOOLS) dependencies[name] = ROOT_DEV_DEPENDENCIES[name] ?? 'latest';
    // The optional peer of `@careapis/core/undici`, as a team that uses the undici transport installs it (README example).
    dependencies.undici = '^7.30.2';
    const manifest = { name: 'careapis-consumer', version: '0.0.0', private: true, dependencies, overrides };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    cpSync(join(import.meta.dirname, 'consumer'), dir, { recursive: true });
    const { stderr } = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=http'], { cwd: dir, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as Consumer['lock'];
    return { dir, installLog: stderr, lock, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
