/**
 * Generation benchmark (issue 11, item 1): our generator for every vendor in one process, against the
 * bare openapi-typescript CLI run once per spec (the summed wall time of those runs); and the no-op
 * `turbo run generate build` when nothing changed.
 *
 * The benchmark never writes into the working tree: the fresh run writes into a temp dir, `npm run
 * generate` runs with `--check` (it renders and compares every file, writing none), and the turbo runs
 * are skipped when the generated packages are stale (turbo would regenerate them).
 *
 * Run alone: `npx tsx bench/generation.ts` (add `--quick` for a smoke run).
 */
import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { compileGenerator, generatorCommand, type GeneratorMode } from './generator.js';
import { load, measure, measureOk, medianOf, megabytes, ratio, ROOT, seconds, table, tempDir, type Sample } from './measure.js';
import type { Bench, BenchSection } from './types.js';

const OPENAPI_TS_CLI = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
const TURBO = join(ROOT, 'node_modules/.bin/turbo');
/** No telemetry calls from turbo: the machines have no network, and a timed run should not wait on one. */
const TURBO_ENV = { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' };
const TARGET_RATIO = 0.5;
const TARGET_NOOP_MS = 1500;

/** Every spec the repo generates, relative to the root. */
async function allSpecs(): Promise<string[]> {
  return (await readdir(join(ROOT, 'specs'))).filter((f) => f.endsWith('.yaml')).sort().map((f) => `specs/${f}`);
}

/** The sum of per-spec samples, as one sample (CPU and memory: sum and max, when known). */
function summed(samples: Sample[]): Sample {
  const cpu = samples.map((s) => s.cpuMs);
  const rss = samples.map((s) => s.maxRssMb);
  return {
    wallMs: samples.reduce((t, s) => t + s.wallMs, 0),
    cpuMs: cpu.every((c) => c !== undefined) ? cpu.reduce((t, c) => t + c, 0) : undefined,
    maxRssMb: rss.every((r) => r !== undefined) ? Math.max(...rss) : undefined,
    code: 0,
    output: '',
  };
}

/** One generation row: median wall, CPU and peak memory, and the ratio to the bare runs. */
function row(label: string, samples: Sample[], bare: Sample[]): string[] {
  const wall = medianOf(samples, 'wallMs');
  return [label, seconds(wall), seconds(medianOf(samples, 'cpuMs')), megabytes(medianOf(samples, 'maxRssMb')), samples === bare ? '1.00×' : ratio(wall, medianOf(bare, 'wallMs'))];
}

/** Item 1a: all vendors in one process vs the bare CLI once per spec. */
async function generation(quick: boolean): Promise<{ rows: string[][]; notes: string[]; stale: boolean }> {
  const specs = quick ? ['specs/stedi.yaml'] : await allSpecs();
  const rounds = quick ? 1 : 5;
  const work = await tempDir('careapis-bench-generation-');
  const fresh = join(work, 'packages');
  const bare: Sample[] = [];
  const ours: Record<GeneratorMode, Sample[]> = { compiled: [], tsx: [] };
  const check: Sample[] = [];
  try {
    const bundle = await compileGenerator(work);
    const oursStep = (mode: GeneratorMode) => async (): Promise<void> => {
      await rm(fresh, { recursive: true, force: true });
      const [command, args] = generatorCommand(mode, { rootDir: ROOT, specs, packagesDir: relative(ROOT, fresh) }, bundle);
      ours[mode].push(await measureOk(command, args, { cwd: ROOT }));
    };
    const steps: (() => Promise<void>)[] = [
      async () => {
        const perSpec: Sample[] = [];
        for (const spec of specs) {
          const out = join(work, 'bare', `${spec.replace(/^specs\/|\.yaml$/g, '')}.ts`);
          perSpec.push(await measureOk(process.execPath, [OPENAPI_TS_CLI, spec, '-o', out], { cwd: ROOT }));
        }
        bare.push(summed(perSpec));
      },
      oursStep('compiled'),
      oursStep('tsx'),
      async () => {
        const sample = await measure('npm', ['run', '--silent', 'generate', '--', '--check', ...(quick ? specs : [])], { cwd: ROOT });
        // Exit 1 with a list of stale files is a complete run too: everything was rendered and compared.
        if (sample.code !== 0 && !/stale: /.test(sample.output)) throw new Error(`npm run generate -- --check exited with ${sample.code}:\n${sample.output}`);
        check.push(sample);
      },
    ];
    // Interleaved, order rotated each round: a burst of load from elsewhere hits every contender alike.
    for (let round = 0; round < rounds; round++) for (let k = 0; k < steps.length; k++) await steps[(round + k) % steps.length]!();
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const stale = check.some((s) => s.code !== 0);
  const bareWall = medianOf(bare, 'wallMs') ?? Number.NaN;
  const verdict = (samples: Sample[]): string => {
    const r = (medianOf(samples, 'wallMs') ?? Number.NaN) / bareWall;
    return quick ? 'not judged in quick mode' : `${r <= TARGET_RATIO ? 'met' : 'missed'} (${r.toFixed(2)}×)`;
  };
  const n = `${specs.length} vendor${specs.length === 1 ? '' : 's'}`;
  return {
    stale,
    rows: [
      row(`bare openapi-typescript CLI, once per spec (${specs.length} runs, summed)`, bare, bare),
      row(`ours, compiled (plain \`node\`): ${n} into an empty dir, every file written`, ours.compiled, bare),
      row(`ours, TypeScript sources via tsx: ${n} into an empty dir, every file written`, ours.tsx, bare),
      row('ours: `npm run generate -- --check` (npm + esbuild bundle + node; renders and compares every file)', check, bare),
    ],
    notes: [
      `Specs: ${specs.join(', ')}. Bare: \`node node_modules/openapi-typescript/bin/cli.js specs/<vendor>.yaml -o <tmp>\` from the repo root (so with the repo's redocly.yaml, as ours); it emits schema types only. Ours loads, lints (Redocly, repo rules), models and emits every file of each vendor's package (package.json, tsconfig.json, README.md, src/index.ts, the test kit src/testing.ts, and src/generated/ schema.ts, types.ts, operations.ts, client.ts), in one process. "Compiled" is the generator bundled by esbuild and run by plain \`node\`, as \`npm run generate\` runs it (scripts/bin/generate.mjs; the bundling itself, tens of ms, is in the \`--check\` row only); "via tsx" runs the TypeScript sources with \`node --import tsx\`. Median of ${rounds} round(s), contenders interleaved in rotating order; CPU is user+system including child processes; memory is the largest process's peak RSS.`,
      `Target: ours ≤ ${TARGET_RATIO}× the bare runs' summed wall time — compiled ${verdict(ours.compiled)}; via tsx ${verdict(ours.tsx)}; \`npm run generate -- --check\` (npm's start-up and the esbuild bundling included) ${verdict(check)}.`,
      ...(stale ? ['The working tree had stale generated files during the run (another change in progress): `--check` still rendered everything; its exit code 1 is expected then.'] : []),
    ],
  };
}

/** `Cached:    7 cached, 7 total` from turbo's summary. */
function cacheLine(output: string): { cached: number; total: number } | undefined {
  const match = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return match ? { cached: Number(match[1]), total: Number(match[2]) } : undefined;
}

/** Item 1b: `turbo run generate build` a second time with nothing changed. */
async function noop(quick: boolean, stale: boolean): Promise<{ rows: string[][]; notes: string[] }> {
  const args = ['run', 'generate', 'build'];
  if (quick) {
    // A dry run checks the task graph (the root `//#generate` task and every build) without running or writing anything.
    const { stdout } = await promisify(execFile)(TURBO, [...args, '--dry-run=json'], { cwd: ROOT, env: { ...process.env, ...TURBO_ENV }, maxBuffer: 64 << 20 });
    const tasks = (JSON.parse(stdout) as { tasks: { taskId: string; cache: { status: string } }[] }).tasks;
    if (!tasks.some((t) => t.taskId === '//#generate')) throw new Error('turbo plans no `//#generate` task: check turbo.json');
    const hits = tasks.filter((t) => t.cache.status === 'HIT').length;
    return { rows: [['`turbo run generate build --dry-run` (quick mode: planned, not run)', `${tasks.length} tasks`, `${hits} cache hits`, '', '']], notes: [] };
  }
  if (stale) return { rows: [], notes: ['No-op turbo run: skipped, because the generated packages were stale (turbo would have regenerated them into the working tree).'] };

  const env = { ...process.env, ...TURBO_ENV } as Record<string, string>;
  const warm = await measure(TURBO, args, { cwd: ROOT, env });
  if (warm.code !== 0) return { rows: [], notes: [`No-op turbo run: skipped, the first (warm-up) \`turbo run generate build\` failed:\n\n\`\`\`\n${warm.output.slice(-1500)}\n\`\`\``] };
  const direct: Sample[] = [];
  const viaNpx: Sample[] = [];
  for (let round = 0; round < 5; round++) {
    direct.push(await measureOk(TURBO, args, { cwd: ROOT, env }));
    viaNpx.push(await measureOk('npx', ['turbo', ...args], { cwd: ROOT, env }));
  }
  const misses = [...direct, ...viaNpx].map((s) => cacheLine(s.output)).filter((c) => !c || c.cached < c.total).length;
  const noopMs = medianOf(direct, 'wallMs') ?? Number.NaN;
  const counts = cacheLine(direct[0]?.output ?? '');
  return {
    rows: [
      ['no-op `turbo run generate build` (node_modules/.bin/turbo)', seconds(noopMs), seconds(medianOf(direct, 'cpuMs')), megabytes(medianOf(direct, 'maxRssMb')), ''],
      ['no-op `npx turbo run generate build`', seconds(medianOf(viaNpx, 'wallMs')), seconds(medianOf(viaNpx, 'cpuMs')), megabytes(medianOf(viaNpx, 'maxRssMb')), ''],
    ],
    notes: [
      `No-op: one warm-up \`turbo run generate build\` (${seconds(warm.wallMs)}), then 5 timed runs of each form with nothing changed${counts ? ` (${counts.cached}/${counts.total} tasks from the cache)` : ''}; telemetry off. ${misses ? `${misses} run(s) were not fully cached: files changed during the run.` : 'Every timed run was fully cached.'}`,
      `Target: the no-op run under ${seconds(TARGET_NOOP_MS)} — ${noopMs < TARGET_NOOP_MS ? 'met' : 'missed'} (${seconds(noopMs)}; with \`npx\`, npm's start-up adds ${seconds(Math.max(0, (medianOf(viaNpx, 'wallMs') ?? 0) - noopMs))}).`,
    ],
  };
}

/** Item 1 of the benchmark issue: generation speed. */
export const run: Bench = async ({ quick }): Promise<BenchSection> => {
  const loadBefore = load();
  const gen = await generation(quick);
  const turbo = await noop(quick, gen.stale);
  return {
    title: 'Generation: all vendors vs bare openapi-typescript; no-op turbo run',
    table: table(['run', 'wall (median)', 'CPU', 'peak memory', 'vs bare'], [...gen.rows, ...turbo.rows]),
    notes: [...gen.notes, ...turbo.notes, `Load average (1 min) before / after: ${loadBefore} / ${load()} on ${cpus().length} cores.`],
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run({ quick: process.argv.includes('--quick') });
  console.log(`## ${section.title}\n\n${section.table}\n\n${(section.notes ?? []).join('\n')}`);
}
