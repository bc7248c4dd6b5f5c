/**
 * A throwaway git repository made from the project, for running `npm run regen` end to end:
 * the committed tree (`git archive HEAD`), the regen sources from the working tree on top (so
 * the tests run the code under review), and node_modules linked from the project so nothing is
 * installed. The workspace links (`node_modules/@careapis/*`) and the tool links
 * (`node_modules/.bin/*`) are recreated inside the copy, so builds and imports resolve to its
 * own packages, never to the project's.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../scripts/src/process.js';

/** The project root. */
export const PROJECT = join(import.meta.dirname, '..', '..');

/** Files of the regen feature copied from the working tree into the temporary repository. */
const OVERLAY = ['scripts/src/regen', 'scripts/src/cli/regen.ts'];

const GIT_ENV = { GIT_AUTHOR_NAME: 'regen test', GIT_AUTHOR_EMAIL: 'regen@example.invalid', GIT_COMMITTER_NAME: 'regen test', GIT_COMMITTER_EMAIL: 'regen@example.invalid' };

/** What one command printed, and how it ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary repository on branch `main`. */
export interface TempRepo {
  dir: string;
  /** Runs git there; returns stdout. */
  git(...args: string[]): string;
  /** Runs `scripts/src/cli/regen.ts` there (what `npm run regen` runs). */
  regen(...args: string[]): Promise<RunResult>;
  /** Runs a tool of node_modules/.bin (`tsx`, `turbo`, …) there. */
  tool(bin: string, ...args: string[]): Promise<RunResult>;
  /** Back to a clean `main` (turbo's cache kept), then a new branch. */
  branch(name: string): void;
  remove(): Promise<void>;
}

/** Makes the repository. */
export async function makeTempRepo(): Promise<TempRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'careapis-regen-'));
  const tar = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: PROJECT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  for (const path of OVERLAY) await cp(join(PROJECT, path), join(dir, path), { recursive: true });
  await linkNodeModules(join(PROJECT, 'node_modules'), join(dir, 'node_modules'));

  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'project at HEAD, with the regen sources under test');

  const children = new Set<ChildProcess>();
  return {
    dir,
    git,
    regen: (...args) => run(dir, join(dir, 'node_modules', '.bin', 'tsx'), ['scripts/src/cli/regen.ts', ...args], children),
    tool: (bin, ...args) => run(dir, join(dir, 'node_modules', '.bin', bin), args, children),
    branch(name) {
      git('checkout', '-q', '-f', 'main');
      git('clean', '-q', '-f', '-d', '-x', '-e', 'node_modules', '-e', '.turbo');
      git('checkout', '-q', '-b', name);
    },
    async remove() {
      // Left over only when a test timed out: end regen and what it started (its process group).
      for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function linkNodeModules(from: string, to: string): Promise<void> {
  await mkdir(to);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.name === '.bin' || entry.name === '@careapis') {
      // Relative links (`../../packages/stedi`, `../turbo/bin/turbo`) now resolve inside the copy.
      await mkdir(target);
      for (const link of await readdir(source)) {
        const value = await readlink(join(source, link)).catch(() => join(source, link));
        await symlink(value, join(target, link));
      }
    } else if (!entry.name.startsWith('.')) {
      await symlink(source, target);
    }
  }
}

function run(cwd: string, command: string, args: string[], children: Set<ChildProcess>): Promise<RunResult> {
  // Nothing of the outer vitest run leaks into the inner one that regen starts.
  const env = Object.fromEntries(Object.entries({ ...process.env, ...GIT_ENV }).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  let started: ChildProcess | undefined;
  return runCommand(command, args, { cwd, env, started: (child) => children.add((started = child)) }).finally(() => started && children.delete(started));
}
