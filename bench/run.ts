/**
 * `npm run bench`: runs every benchmark module one after another and rewrites bench/RESULTS.md with
 * the machine, the Node version, the date, and each module's table and notes.
 *
 * `npm run bench -- --quick`: one tiny iteration of each, printed only (RESULTS.md is left alone).
 * A module that does not exist yet is skipped with a note; when any module fails, RESULTS.md is
 * left alone and the run exits 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './measure.js';
import type { Bench, BenchSection } from './types.js';

/** The benchmark modules, in the order of bench/RESULTS.md: file name under bench/ and what it measures. */
export const MODULES = [
  { file: 'generation.ts', what: 'Generation speed' },
  { file: 'scale.ts', what: 'Scale' },
  { file: 'runtime.ts', what: 'Runtime: per-request cost' },
  { file: 'transport.ts', what: 'Transport: fetch path vs undici transport' },
  { file: 'size.ts', what: 'Size' },
  { file: 'ci-cache.ts', what: 'CI: cold vs remote-cached build' },
  { file: 'bulk.ts', what: 'Bulk: rate limits across processes, limiter overhead, bulk accounting' },
] as const;

/** Tools whose versions the results depend on. */
const TOOLS = ['openapi-typescript', 'openapi-fetch', '@redocly/openapi-core', 'typescript', 'tsx', 'turbo', 'turborepo-remote-cache', 'candidhealth'];

/** What a module run produced: its section, or why there is none. */
export interface ModuleResult {
  file: string;
  section?: BenchSection;
  /** Set when the module was skipped or failed. */
  problem?: { kind: 'missing' | 'failed'; message: string };
  ms: number;
}

/** Imports and runs one benchmark module. Never throws: a failure becomes a `problem`. */
export async function runModule(file: string, quick: boolean): Promise<ModuleResult> {
  const path = join(ROOT, 'bench', file);
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  if (!existsSync(path)) return { file, problem: { kind: 'missing', message: `bench/${file} does not exist yet: skipped` }, ms: 0 };
  try {
    const mod = (await import(pathToFileURL(path).href)) as { run?: Bench };
    if (typeof mod.run !== 'function') throw new Error(`bench/${file} exports no \`run\``);
    return { file, section: await mod.run({ quick }), ms: elapsed() };
  } catch (error) {
    return { file, problem: { kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, ms: elapsed() };
  }
}

/** The installed version of a package, or `?`. */
function version(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** The header lines: machine, Node, date, tools, load. */
export function machineLines(date: Date, loadAtStart: number): string[] {
  const cpu = cpus();
  return [
    `- Date: ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${type()} ${release()} (${arch()})`,
    `- Node: ${process.version}`,
    `- Tools: ${TOOLS.map((t) => `${t} ${version(t)}`).join(', ')}`,
    `- Load average (1 min) at start: ${loadAtStart.toFixed(1)}${loadAtStart > cpu.length / 2 ? ' — other work was running on this machine: wall times are inflated, CPU times and same-run ratios less so' : ''}`,
  ];
}

/** bench/RESULTS.md (or the quick report) from the module results. */
export function renderResults(results: ModuleResult[], header: string[], quick: boolean): string {
  const out = [
    '# Benchmark results',
    '',
    quick
      ? 'Quick run (`npm run bench -- --quick`): one tiny iteration of each benchmark. These figures measure nothing; they only show that every benchmark runs.'
      : 'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each figure is a median of several runs, and each comparison is a ratio measured in the same run. Benchmarks are not tests: a slow machine never fails CI (a quick smoke run of each is in test/bench/smoke.test.ts).',
    '',
    ...header,
    '',
  ];
  for (const r of results) {
    const what = MODULES.find((m) => m.file === r.file)?.what ?? r.file;
    if (!r.section) {
      out.push(`## ${what}`, '', r.problem?.kind === 'missing' ? `_${r.problem.message}._` : `**Failed** (bench/${r.file}):`, '');
      if (r.problem?.kind === 'failed') out.push('```', r.problem.message, '```', '');
      continue;
    }
    out.push(`## ${r.section.title}`, '', r.section.table, '');
    for (const note of r.section.notes ?? []) out.push(`- ${note.replace(/\n/g, '\n  ')}`);
    out.push(`- Measured by bench/${r.file} in ${(r.ms / 1000).toFixed(0)} s.`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Runs every module and writes (or, quick, prints) the results. Returns the process exit code. */
export async function main(quick: boolean): Promise<number> {
  const date = new Date();
  const loadAtStart = loadavg()[0] ?? 0;
  const results: ModuleResult[] = [];
  for (const { file } of MODULES) {
    console.error(`bench: ${file}${quick ? ' (quick)' : ''} …`);
    const result = await runModule(file, quick);
    console.error(`bench: ${file} ${result.section ? 'done' : result.problem?.kind} in ${(result.ms / 1000).toFixed(0)} s`);
    results.push(result);
  }
  const text = renderResults(results, machineLines(date, loadAtStart), quick);
  const failed = results.filter((r) => r.problem?.kind === 'failed');
  if (quick || failed.length) {
    console.log(text);
    if (failed.length) console.error(`bench: ${failed.map((r) => r.file).join(', ')} failed; bench/RESULTS.md left as it was.`);
    return failed.length ? 1 : 0;
  }
  await writeFile(join(ROOT, 'bench/RESULTS.md'), text);
  console.log(text);
  console.error('bench: wrote bench/RESULTS.md');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.includes('--quick'));
}
