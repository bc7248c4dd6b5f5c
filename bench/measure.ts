/**
 * One benchmark sample: run a command to completion and measure its wall time, and, where GNU time
 * is installed (`/usr/bin/time`), its CPU time and peak memory (max RSS, descendants included).
 * Plus the small helpers the generation and scale benchmarks share: medians, formatting, temp dirs.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand } from '../scripts/src/process.js';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..');

const GNU_TIME = '/usr/bin/time';
/** Output kept from a command, for error messages: the last this many characters. */
const OUTPUT_TAIL = 4000;

/** What one run of a command cost. */
export interface Sample {
  /** Wall time, start to exit, in milliseconds. */
  wallMs: number;
  /** User + system CPU time in milliseconds, descendants included; undefined without GNU time. */
  cpuMs: number | undefined;
  /** Peak resident memory in MiB of the largest process; undefined without GNU time. */
  maxRssMb: number | undefined;
  /** Exit code (-1 when killed by the time limit or a signal). */
  code: number;
  /** The end of stdout and stderr, interleaved. */
  output: string;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Working directory. */
  cwd: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Kill the command after this long; default 10 minutes. */
  timeoutMs?: number;
}

/** Whether CPU time and peak memory can be measured on this machine. */
export const canMeasureResources = existsSync(GNU_TIME);

/** Runs `command args…` once and measures it. Never throws for a non-zero exit: check `code`. */
export async function measure(command: string, args: string[], options: MeasureOptions): Promise<Sample> {
  const dir = await tempDir('careapis-measure-');
  const statsFile = join(dir, 'time.txt');
  const [cmd, argv] = canMeasureResources ? [GNU_TIME, ['-f', '%U %S %M', '-o', statsFile, command, ...args]] : [command, args];
  try {
    const started = performance.now();
    // Its own process group, so that the time limit ends the command and everything it started.
    const run = await runCommand(cmd, argv, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeoutMs: options.timeoutMs ?? 600_000, tail: OUTPUT_TAIL });
    const { code } = run;
    const output = `${run.stdout}${run.stderr}`.slice(-OUTPUT_TAIL);
    const wallMs = performance.now() - started;
    if (!canMeasureResources) return { wallMs, cpuMs: undefined, maxRssMb: undefined, code, output };
    // GNU time writes "Command exited with non-zero status N" first when the command failed; the numbers are last.
    const stats = (await readFile(statsFile, 'utf8').catch(() => '')).trim().split('\n').pop() ?? '';
    const [user, system, rssKb] = stats.split(' ').map(Number);
    const valid = user !== undefined && system !== undefined && rssKb !== undefined && [user, system, rssKb].every(Number.isFinite);
    return { wallMs, cpuMs: valid ? (user + system) * 1000 : undefined, maxRssMb: valid ? rssKb / 1024 : undefined, code, output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Like {@link measure}, but throws with the command's output when it exits non-zero. */
export async function measureOk(command: string, args: string[], options: MeasureOptions): Promise<Sample> {
  const sample = await measure(command, args, options);
  if (sample.code !== 0) throw new Error(`\`${[command, ...args].join(' ').slice(0, 300)}\` exited with ${sample.code}:\n${sample.output}`);
  return sample;
}

/** A fresh directory under the system temp dir. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** The median of some numbers (NaN for none). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The 25th and 75th percentiles, for the spread. */
export function quartiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[Math.floor((sorted.length - 1) / 4)] ?? Number.NaN, sorted[Math.ceil(((sorted.length - 1) * 3) / 4)] ?? Number.NaN];
}

/** One client call of an in-process benchmark. */
export type Call = () => Promise<unknown>;

/** How an in-process benchmark runs: warm-up calls per client, then `rounds` rounds of `batch` calls per client. */
export interface CallPlan {
  rounds: number;
  batch: number;
  warmup: number;
}

/** The plan of a full run: enough rounds for a stable median on a shared machine. */
export const FULL: CallPlan = { rounds: 31, batch: 200, warmup: 1000 };

/** The plan of a quick run: a handful of calls, to prove the benchmark works. */
export const QUICK: CallPlan = { rounds: 1, batch: 3, warmup: 2 };

/** Microseconds per call over `n` sequential calls: wall clock, and CPU time of this process (the clients only, not a server in another process). */
export async function timeCalls(call: Call, n: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  const wall = Number(process.hrtime.bigint() - started) / 1000 / n;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / n };
}

/**
 * Runs every client in small batches, interleaved, the order rotated each round, after warming each
 * up: a burst of load from elsewhere hits every client alike. Returns each client's per-round
 * µs/call, wall and CPU.
 */
export async function interleaved(calls: readonly (readonly [string, Call])[], plan: CallPlan): Promise<Map<string, { wall: number[]; cpu: number[] }>> {
  for (const [, call] of calls) for (let i = 0; i < plan.warmup; i++) await call();
  const samples = new Map(calls.map(([name]) => [name, { wall: [] as number[], cpu: [] as number[] }]));
  for (let round = 0; round < plan.rounds; round++) {
    for (let k = 0; k < calls.length; k++) {
      const [name, call] = calls[(round + k) % calls.length]!;
      const sample = await timeCalls(call, plan.batch);
      samples.get(name)!.wall.push(sample.wall);
      samples.get(name)!.cpu.push(sample.cpu);
    }
  }
  return samples;
}

/** The median of a field over samples, ignoring undefined values (undefined if none). */
export function medianOf(samples: Sample[], field: 'wallMs' | 'cpuMs' | 'maxRssMb'): number | undefined {
  const values = samples.map((s) => s[field]).filter((v): v is number => v !== undefined);
  return values.length ? median(values) : undefined;
}

/** `1.23 s` for milliseconds; `n/a` when unknown. */
export function seconds(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `123 MB` for MiB; `n/a` when unknown. */
export function megabytes(mb: number | undefined): string {
  return mb === undefined ? 'n/a' : `${Math.round(mb)} MB`;
}

/** `0.48×`: a over b; `n/a` when either is unknown. */
export function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || !(b > 0) ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

/** A Markdown table from a header and rows; every column but the first is right-aligned (numbers). */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** The 1-minute load average, for notes: other work on the machine skews wall times. */
export function load(): string {
  return loadavg()[0]!.toFixed(1);
}
