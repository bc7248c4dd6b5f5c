/**
 * Running a command to completion: the one spawn helper of the repository's scripts, benches and
 * tests (regen's tools, the bench's measured commands, the temporary repositories of the tests).
 * Long-running servers (Prism, the bench's loopback server) start their own processes: they wait
 * for a line, not for an exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** How a command ran. */
export interface CommandResult {
  /** Exit code; -1 when it was killed by a signal. */
  code: number;
  /** What it printed on stdout (with `echo`, nothing: it went to this process's stream). */
  stdout: string;
  /** What it printed on stderr (likewise). */
  stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  /** Working directory. */
  cwd: string;
  /** The whole environment (default this process's). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Kill the command, and everything it started, after this long. */
  timeoutMs?: number | undefined;
  /** Send its output straight to this process's stdout or stderr instead of collecting it. */
  echo?: 'stdout' | 'stderr' | undefined;
  /** Keep only the last this many characters of each stream (default: all). */
  tail?: number | undefined;
  /** Told of the child once it started (to end it early); its own process group, so a kill reaches what it started. */
  started?: ((child: ChildProcess) => void) | undefined;
}

/** Runs `command args…` to completion in its own process group. Never throws for a non-zero exit: check `code`. */
export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const fd = options.echo === 'stdout' ? 1 : 2;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: options.echo ? ['ignore', fd, fd] : ['ignore', 'pipe', 'pipe'], detached: true });
    options.started?.(child);
    let stdout = '';
    let stderr = '';
    const keep = (text: string, chunk: Buffer): string => (options.tail ? (text + chunk.toString()).slice(-options.tail) : text + chunk.toString());
    child.stdout?.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
