/** Runs worker processes (test/bulk/workers/*.mjs) that start together and report JSON on their last line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, 'workers');

/** A started worker: `go()` releases it, `done` resolves with its last stdout line parsed as JSON. */
export interface Worker {
  child: ChildProcess;
  go(): void;
  done: Promise<unknown>;
  /** Resolves once it printed "ready". */
  ready: Promise<void>;
}

/** Starts `workers/<script>` with `config` as its JSON argument. */
export function startWorker(script: string, config: object): Worker {
  const child = spawn(process.execPath, [join(DIR, script), JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (out.includes('ready\n')) resolve();
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`worker ${script} exited (${code}) before it was ready:\n${err}`)));
  });
  const done = new Promise<unknown>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0) {
        try {
          return resolve(JSON.parse(last));
        } catch {
          /* fall through */
        }
      }
      reject(new Error(`worker ${script} ended with ${signal ?? `exit ${code}`}:\n${err}\n${out}`));
    });
  });
  return { child, ready, done, go: () => child.stdin!.write('go\n') };
}

/** Starts `count` workers, waits until all are ready, releases them together and collects their reports. */
export async function runWorkers(count: number, script: string, config: (i: number) => object): Promise<unknown[]> {
  const workers = Array.from({ length: count }, (_, i) => startWorker(script, config(i)));
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.done));
}
