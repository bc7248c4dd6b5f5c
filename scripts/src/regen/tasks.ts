/**
 * Building and testing only what a spec change affects: turbo's `--filter=...<package>` selects
 * the package and everything that depends on it (the `@careapis/sdk` facade included); turbo
 * also builds what those need first (core), from its cache when nothing changed there. Tests
 * live in the root `test/` tree: the test step runs the generic suite for each affected vendor
 * and the vitest files whose path names an affected package (`test/contract/stedi.test.ts`).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, type CommandResult } from '../process.js';

/** Where the tools' own output goes: this process's stdout or stderr. */
export type ToolOutput = 'stdout' | 'stderr';

/** The turbo run a set of changed packages leads to. */
export interface AffectedPackages {
  /** `--filter` arguments. */
  filters: string[];
  /** The changed packages and their dependents. */
  scope: string[];
  /** Every task the run will execute (`@careapis/core#build`, …), dependencies included. */
  tasks: string[];
}

const TASKS = ['build', 'typecheck'];
const ENV = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' };

/** Asks turbo (a dry run: nothing is built) what building the packages and their dependents involves. */
export async function affectedPackages(rootDir: string, packageNames: string[]): Promise<AffectedPackages> {
  const filters = packageNames.map((name) => `--filter=...${name}`);
  const { code, stdout, stderr } = await runTool(rootDir, 'turbo', ['run', ...TASKS, ...filters, '--dry=json'], 'capture');
  if (code !== 0) throw new Error(`turbo could not plan the build (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  const plan = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { packages: string[]; tasks: { taskId: string }[] };
  return { filters, scope: [...plan.packages].sort(), tasks: plan.tasks.map((t) => t.taskId).sort() };
}

/** Builds and type-checks the affected packages. Resolves to true when turbo succeeds. */
export async function buildAffected(rootDir: string, affected: AffectedPackages, output: ToolOutput): Promise<boolean> {
  const { code } = await runTool(rootDir, 'turbo', ['run', ...TASKS, ...affected.filters, '--output-logs=new-only'], output);
  return code === 0;
}

/** The suite that calls every vendor's operations from its spec alone (test/contract/every-vendor.test.ts). */
const EVERY_VENDOR = 'test/contract/every-vendor.test.ts';

/**
 * Runs the tests of the affected vendor packages: the generic suite for each of them (its
 * operations against a Prism mock of its spec, by test name `<vendor>:`), then every test file
 * whose path names one. A vendor with no file of its own is listed in `generic`: covered by the
 * generic suite only, which the report says, never a silent pass.
 */
export async function testAffected(rootDir: string, scope: string[], output: ToolOutput): Promise<{ ok: boolean; filters: string[]; generic: string[] }> {
  const filters = scope.map((name) => name.replace(/^@careapis\//, '')).filter((name) => name !== 'core');
  // Vendor packages are the ones with a spec; the others (the facade, the scripts workspace) have only their own test files.
  const specs = new Set((await readdir(join(rootDir, 'specs'))).map((f) => f.replace(/\.yaml$/, '')));
  const vendors = filters.filter((name) => specs.has(name));
  if (filters.length === 0) return { ok: true, filters, generic: [] };
  const files = (await readdir(join(rootDir, 'test'), { recursive: true })).map((f) => `test/${f}`).filter((f) => f.endsWith('.test.ts') && f !== EVERY_VENDOR);
  const own = files.filter((f) => filters.some((name) => f.includes(name)));
  const generic = vendors.filter((name) => !own.some((f) => f.includes(name)));
  let ok = true;
  if (vendors.length) ok = (await runTool(rootDir, 'vitest', ['run', EVERY_VENDOR, '-t', `^(${vendors.join('|')}): `], output)).code === 0;
  if (own.length) ok = (await runTool(rootDir, 'vitest', ['run', ...own], output)).code === 0 && ok;
  return { ok, filters, generic };
}

/** Runs a tool from the repo's node_modules/.bin. */
function runTool(rootDir: string, bin: string, args: string[], output: ToolOutput | 'capture'): Promise<CommandResult> {
  return runCommand(join(rootDir, 'node_modules', '.bin', bin), args, { cwd: rootDir, env: ENV, echo: output === 'capture' ? undefined : output });
}
