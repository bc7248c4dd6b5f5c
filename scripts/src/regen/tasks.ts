/**
 * Building and testing only what a spec change affects: turbo's `--filter=...<package>` selects
 * the package and everything that depends on it (the `@careapis/sdk` facade included); turbo
 * also builds what those need first (core), from its cache when nothing changed there. Tests
 * live in the root `test/` tree, so the test step runs the vitest files whose path names an
 * affected package (`test/contract/stedi.test.ts`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

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

/** Runs the vitest files whose path names one of the packages (`@careapis/stedi` → `stedi`). */
export async function testAffected(rootDir: string, scope: string[], output: ToolOutput): Promise<{ ok: boolean; filters: string[] }> {
  const filters = scope.map((name) => name.replace(/^@careapis\//, '')).filter((name) => name !== 'core');
  if (filters.length === 0) return { ok: true, filters };
  const { code } = await runTool(rootDir, 'vitest', ['run', '--passWithNoTests', ...filters], output);
  return { ok: code === 0, filters };
}

/** Runs a tool from the repo's node_modules/.bin. */
function runTool(rootDir: string, bin: string, args: string[], output: ToolOutput | 'capture'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const fd = output === 'stdout' ? 1 : 2;
    const child = spawn(join(rootDir, 'node_modules', '.bin', bin), args, {
      cwd: rootDir,
      env: ENV,
      stdio: output === 'capture' ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
