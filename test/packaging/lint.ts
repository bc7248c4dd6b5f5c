/** publint and Are the Types Wrong? (attw) on a packed tarball: each returns its problems as readable lines. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
/** The attw command-line entry, from the root devDependency's `bin` (the package exports no subpaths). */
const ATTW_BIN = join(dirname(createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');

/** publint's messages of every level (suggestions included, warnings as errors), formatted. */
export async function publintProblems(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: data }, level: 'suggestion', strict: true });
  return messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false }) ?? ''}`);
}

/** Shape of the part of `attw --format json` we read. */
interface AttwReport {
  problems?: unknown[] | Record<string, unknown[]>;
}

/** attw's problems under its strict profile (node10, node16 CJS and ESM, bundler). */
export async function attwProblems(tarball: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [ATTW_BIN, tarball, '--format', 'json', '--profile', 'strict'], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    // attw exits 1 when it finds problems; its report is still on stdout.
    const out = (error as { stdout?: string }).stdout;
    if (!out) throw error;
    stdout = out;
  }
  const { problems = [] } = JSON.parse(stdout) as AttwReport;
  const list = Array.isArray(problems) ? problems : Object.values(problems).flat();
  return list.map((p) => JSON.stringify(p));
}
