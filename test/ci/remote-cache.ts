/**
 * Turbo's remote cache on loopback, for the remote-cache test and the bench: a
 * `turborepo-remote-cache` server (the npm package, local-disk storage, static token) on
 * 127.0.0.1, and throwaway checkouts of the project to build in.
 *
 * A checkout is the committed tree (`git archive HEAD`) with the project's node_modules linked
 * (`makeTempRepo` from the regen tests), and its own, empty turbo cache directory: nothing is
 * installed, and nothing it builds can come from another checkout except through the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/src/mock/ports.js';
import { makeTempRepo, PROJECT, type TempRepo } from '../regen/temp-repo.js';

/** A running cache server. */
export interface RemoteCache {
  /** `http://127.0.0.1:<port>`: what `TURBO_API` is set to. */
  url: string;
  token: string;
  team: string;
  /** Artifact requests the server logged, e.g. `GET 200`, `PUT 200`. */
  requests(): Promise<string[]>;
  /** Bytes of artifacts stored on the server. */
  storedBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `turborepo-remote-cache` on a free loopback port, storing artifacts in a new temp dir. */
export async function startRemoteCache(): Promise<RemoteCache> {
  const storage = await mkdtemp(join(tmpdir(), 'careapis-turbo-remote-'));
  const port = await freePort();
  const token = 'careapis-test-token';
  const logFile = join(storage, 'server.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    STORAGE_PROVIDER: 'local',
    STORAGE_PATH: join(storage, 'artifacts'),
    STORAGE_PATH_USE_TMP_FOLDER: 'false',
    TURBO_TOKEN: token,
    LOG_LEVEL: 'info',
    LOG_MODE: 'file',
    LOG_FILE: logFile,
  };
  const cli = join(PROJECT, 'node_modules', 'turborepo-remote-cache', 'dist', 'cli.js');
  const child: ChildProcess = spawn(process.execPath, [cli], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`turborepo-remote-cache exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    const ok = await fetch(`${url}/v8/artifacts/status`, { headers: { authorization: `Bearer ${token}` } })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`turborepo-remote-cache did not answer on ${url} within 30 s: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    token,
    team: 'careapis',
    async requests() {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { req?: { method?: string; url?: string }; res?: { statusCode?: number }; reqId?: string });
      // The server logs "incoming request" (with req) and "request completed" (with res) per request id.
      const methods = new Map<string, string>();
      const out: string[] = [];
      for (const l of lines) {
        if (l.reqId && l.req?.url?.startsWith('/v8/artifacts/') && l.req.url !== '/v8/artifacts/status') methods.set(l.reqId, l.req.method ?? '?');
        if (l.reqId && l.res?.statusCode !== undefined && methods.has(l.reqId)) out.push(`${methods.get(l.reqId)} ${l.res.statusCode}`);
      }
      return out;
    },
    async storedBytes() {
      const sizes = async (dir: string): Promise<number> => {
        let total = 0;
        for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
          const path = join(dir, entry.name);
          total += entry.isDirectory() ? await sizes(path) : (await stat(path)).size;
        }
        return total;
      };
      return sizes(join(storage, 'artifacts'));
    },
    async stop() {
      if (child.exitCode === null) {
        const closed = new Promise((r) => child.once('close', r));
        child.kill('SIGTERM');
        await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(storage, { recursive: true, force: true });
    },
  };
}

/** One task of a turbo run, from its `--summarize` file. */
export interface TaskResult {
  taskId: string;
  /** `HIT` or `MISS`. */
  status: string;
  /** `LOCAL` or `REMOTE` for a hit. */
  source: string | undefined;
}

/** What one `turbo run` did. */
export interface TurboRun {
  code: number;
  wallMs: number;
  tasks: TaskResult[];
  /** The end of turbo's output. */
  output: string;
}

/** A checkout with its own empty turbo cache. */
export interface Checkout {
  dir: string;
  /** `turbo run generate build` against the remote cache (none when `cache` is undefined); `filter` narrows it to one package and its dependencies. */
  build(cache: RemoteCache | undefined, filter?: string): Promise<TurboRun>;
  remove(): Promise<void>;
}

/** The tasks `npm run build` runs, in one turbo invocation. */
export const BUILD_TASKS = ['generate', 'build'] as const;

/** Makes a checkout of the committed project (see the module comment). */
export async function makeCheckout(): Promise<Checkout> {
  const repo: TempRepo = await makeTempRepo();
  const cacheDir = await mkdtemp(join(tmpdir(), 'careapis-turbo-local-'));
  return {
    dir: repo.dir,
    async build(cache, filter) {
      // Only what turbo needs, so a developer's TURBO_* settings never leak into the run.
      const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS'));
      Object.assign(env, { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_CACHE_DIR: cacheDir });
      if (cache) Object.assign(env, { TURBO_API: cache.url, TURBO_TOKEN: cache.token, TURBO_TEAM: cache.team });
      const started = performance.now();
      const { code, output } = await run(join(repo.dir, 'node_modules', '.bin', 'turbo'), ['run', ...(filter ? ['build', `--filter=${filter}`] : BUILD_TASKS), '--summarize', '--output-logs=errors-only'], repo.dir, env);
      const wallMs = performance.now() - started;
      return { code, wallMs, tasks: await lastSummary(repo.dir), output };
    },
    async remove() {
      await repo.remove();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (c: Buffer): void => {
      output = (output + c.toString()).slice(-6000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** The tasks of the newest `.turbo/runs/*.json` summary. */
async function lastSummary(dir: string): Promise<TaskResult[]> {
  const runs = join(dir, '.turbo', 'runs');
  const files = (await readdir(runs).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const newest = files.at(-1);
  if (!newest) return [];
  const summary = JSON.parse(await readFile(join(runs, newest), 'utf8')) as { tasks?: { taskId: string; cache?: { status?: string; source?: string } }[] };
  await rm(join(runs, newest));
  return (summary.tasks ?? []).map((t) => ({ taskId: t.taskId, status: t.cache?.status ?? '?', source: t.cache?.source }));
}
