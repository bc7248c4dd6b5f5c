/**
 * Node.js binaries of other majors, from the npm registry's `node` package, cached in the temp
 * directory by major version so later runs reuse them.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the binaries are cached: one folder per major version. */
export const NODE_CACHE = join(tmpdir(), 'careapis-node-cache');

/** The version a node binary reports (`v22.1.0`), or undefined when it does not run. */
async function versionOf(bin: string): Promise<string | undefined> {
  if (!existsSync(bin)) return undefined;
  try {
    return (await run(bin, ['--version'], { timeout: 30_000 })).stdout.trim();
  } catch {
    return undefined;
  }
}

/**
 * The path of a Node.js binary of `major`: the cached one when it runs, else `npm install node@<major>`
 * into a fresh folder that is then renamed into the cache (so concurrent runs never see half an install).
 */
export async function nodeBinary(major: number): Promise<string> {
  const cached = join(NODE_CACHE, String(major));
  const bin = (dir: string): string => join(dir, 'node_modules/node/bin/node');
  if ((await versionOf(bin(cached)))?.startsWith(`v${major}.`)) return bin(cached);

  await mkdir(NODE_CACHE, { recursive: true });
  const fresh = mkdtempSync(join(NODE_CACHE, `${major}-installing-`));
  writeFileSync(join(fresh, 'package.json'), JSON.stringify({ name: `node-${major}`, private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `node@${major}`], { cwd: fresh, timeout: 240_000 });
  const version = await versionOf(bin(fresh));
  if (!version?.startsWith(`v${major}.`)) throw new Error(`npm install node@${major} gave no working node ${major} binary (got ${version ?? 'none'})`);
  rmSync(cached, { recursive: true, force: true });
  try {
    renameSync(fresh, cached);
  } catch {
    // Another run renamed its copy into place first: use that one.
    rmSync(fresh, { recursive: true, force: true });
  }
  if (!(await versionOf(bin(cached)))?.startsWith(`v${major}.`)) throw new Error(`no working node ${major} binary in ${cached}`);
  return bin(cached);
}
