/**
 * A Prism mock server started from a spec on a free loopback port, with request validation on:
 * a request that breaks the spec gets a 4xx with the violations in the `sl-violations` header.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { freePort } from './ports.js';

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve('@stoplight/prism-cli/dist/index.js');
const ROOT = resolve(import.meta.dirname, '../../..');

/** A running mock server. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** Everything Prism printed, for failure messages. */
  output(): string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts Prism for `specs/<vendor>.yaml` (or any spec path) and resolves once it listens. */
export async function startMock(spec: string, options: { dynamic?: boolean } = {}): Promise<MockServer> {
  const specPath = spec.endsWith('.yaml') ? resolve(ROOT, spec) : resolve(ROOT, 'specs', `${spec}.yaml`);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [PRISM_BIN, 'mock', specPath, '--port', String(port), '--host', '127.0.0.1', ...(options.dynamic ? ['--dynamic', '--seed', 'careapis'] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const ready = await waitFor(child, () => out.includes('Prism is listening'), 60_000);
    if (ready) {
      return { url: `http://127.0.0.1:${port}`, output: () => out, close: () => stop(child) };
    }
    await stop(child);
    if (attempt >= 3) throw new Error(`Prism did not start for ${specPath}:\n${out}`);
  }
}

function waitFor(child: ChildProcess, done: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (done()) finish(true);
      else if (child.exitCode !== null || Date.now() - started > ms) finish(false);
    }, 50);
    const finish = (value: boolean): void => {
      clearInterval(timer);
      resolvePromise(value);
    };
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}
