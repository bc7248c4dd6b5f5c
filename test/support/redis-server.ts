/**
 * A throwaway Redis for the tests and benchmarks of @careapis/bulk: Debian's `redis-server`,
 * installed with apt-get when it is missing (CI runs as root on a fresh machine), started on a
 * free loopback port with no persistence, and stopped afterwards. `REDIS_URL` in the environment
 * uses that Redis instead (nothing is installed, started or stopped).
 *
 * ```ts
 * const redis = await startRedis();   // { url: 'redis://127.0.0.1:41234', stop() }
 * ```
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/src/mock/ports.js';

/** A running Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Stops the server this helper started (not one given by `REDIS_URL`). */
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];
/** Held while one process installs, so parallel test files do not fight over apt's lock. */
const INSTALL_LOCK = join(tmpdir(), 'careapis-redis-install.lock');

/** The redis-server binary, installing Debian's package first when there is none. */
export function redisServerBinary(): string {
  const found = (): string | undefined => CANDIDATES.find((path) => existsSync(path)) ?? which('redis-server');
  const existing = found();
  if (existing) return existing;
  withLock(() => {
    if (found()) return;
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      throw new Error('redis-server is not installed and this is not root: install it (`sudo apt-get install -y redis-server`) or set REDIS_URL to a Redis to use');
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'redis-server']]) {
      const result = spawnSync('apt-get', args, { env, encoding: 'utf8', timeout: 600_000 });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${(result.stderr ?? '').slice(-2000)}`);
    }
  });
  const installed = found();
  if (!installed) throw new Error('apt-get installed redis-server, but no redis-server binary was found');
  return installed;
}

/** Starts a Redis on a free loopback port, or on `port` (no RDB, no AOF, in a temporary directory); uses `REDIS_URL` instead when it is set and no port is asked for. */
export async function startRedis(options: { port?: number } = {}): Promise<TestRedis> {
  const given = process.env.REDIS_URL;
  if (given && options.port === undefined) return { url: given, port: Number(new URL(given).port || 6379), stop: async () => {} };
  const binary = redisServerBinary();
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'careapis-redis-'));
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    if (await answersPing(port, child, 15_000)) {
      return { url: `redis://127.0.0.1:${port}`, port, stop: () => stop(child, dir) };
    }
    await stop(child, dir);
    if (attempt >= 3) throw new Error(`redis-server did not start on port ${port}:\n${output}`);
  }
}

/** Resolves true once Redis answers PING on `port`, false when the process exits or `ms` pass. */
async function answersPing(port: number, child: ChildProcess, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(1000);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (pong) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
function stop(child: ChildProcess, dir: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

/** The path of `command` on PATH, if any. */
function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path ? path : undefined;
}

/** Runs `fn` holding a lock directory (made atomically by mkdir), waiting up to 10 minutes for another holder. */
function withLock(fn: () => void): void {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(INSTALL_LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${INSTALL_LOCK} was held for 10 minutes: another install hung, or a crashed one left it (remove it)`);
      spawnSync('sleep', ['1']);
    }
  }
  try {
    fn();
  } finally {
    rmdirSync(INSTALL_LOCK);
  }
}
