/**
 * The few git questions regen asks: which commit to compare with, which specs changed since
 * then, and what a file held at that commit. Read-only: nothing here changes the repository.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Thrown when git cannot answer (not a repository, unknown ref…), with git's own message. */
export class GitError extends Error {
  override name = 'GitError';
}

/** Runs git in `cwd` and returns its stdout; throws {@link GitError} on a non-zero exit. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(`git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`);
  }
}

/** The commit a ref names, or undefined when it names none. */
export async function resolveCommit(cwd: string, ref: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The default base: the merge base of HEAD with `main` (or `origin/main` when there is no local `main`). */
export async function defaultBase(cwd: string): Promise<string> {
  for (const branch of ['main', 'origin/main']) {
    if (!(await resolveCommit(cwd, branch))) continue;
    return (await git(cwd, ['merge-base', 'HEAD', branch])).trim();
  }
  throw new GitError('no `main` or `origin/main` branch to compare with: pass --base <ref>');
}

/** One spec file that differs between a commit and the working tree. */
export interface SpecChange {
  /** Path relative to the repo root, `specs/<vendor>.yaml`. */
  file: string;
  vendor: string;
  status: 'added' | 'modified' | 'deleted';
  /** The commit it is compared with. */
  base: string;
}

const SPEC = /^specs\/([a-z][a-z0-9-]*)\.yaml$/;

/** Specs that differ between `base` and the working tree (committed, staged, unstaged or untracked). */
export async function changedSpecs(cwd: string, base: string): Promise<SpecChange[]> {
  const changes: SpecChange[] = [];
  const diff = await git(cwd, ['diff', '--name-status', '--no-renames', base, '--', 'specs/']);
  for (const line of diff.split('\n').filter(Boolean)) {
    const [code = '', file = ''] = line.split('\t');
    const vendor = SPEC.exec(file)?.[1];
    if (!vendor) continue;
    const status = code.startsWith('A') ? 'added' : code.startsWith('D') ? 'deleted' : 'modified';
    changes.push({ file, vendor, status, base });
  }
  const untracked = await git(cwd, ['ls-files', '--others', '--exclude-standard', '--', 'specs/']);
  for (const file of untracked.split('\n').filter(Boolean)) {
    const vendor = SPEC.exec(file)?.[1];
    if (vendor) changes.push({ file, vendor, status: 'added', base });
  }
  return changes.sort((a, b) => a.file.localeCompare(b.file));
}

/** A file's text at a commit, or undefined when it did not exist there. */
export async function showFile(cwd: string, commit: string, file: string): Promise<string | undefined> {
  try {
    return await git(cwd, ['show', `${commit}:${file}`]);
  } catch {
    return undefined;
  }
}

/** The newest commit that changed anything under `path`, or undefined. */
export async function lastCommitTouching(cwd: string, path: string): Promise<string | undefined> {
  return (await git(cwd, ['log', '-1', '--format=%H', '--', path])).trim() || undefined;
}
