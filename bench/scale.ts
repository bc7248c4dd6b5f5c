/**
 * Scale benchmark (issue 11, item 2): our generator on GitHub's REST API description (from the
 * `@octokit/openapi` package, ~1,200 operations, 13 MB of JSON) into a full package, against bare
 * openapi-typescript and `@hey-api/openapi-ts` on the same file; and how our time grows with the
 * number of operations (slices of the same file).
 *
 * Our generator runs two ways (bench/generator.ts): compiled by esbuild and run by plain `node`, and
 * via tsx (the TypeScript sources); `npm run generate` runs the compiled form. Everything happens in a temp dir: an adapted copy of the
 * description (its server gets `x-careapis-environment: production`, which our model requires), a
 * lenient redocly.yaml that both our generator and bare openapi-typescript use, and the outputs.
 *
 * Run alone: `npx tsx bench/scale.ts` (add `--quick` for a smoke run: a 10-operation slice, no hey-api).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileGenerator, generatorCommand, type GeneratorMode } from './generator.js';
import { canMeasureResources, load, measure, measureOk, medianOf, megabytes, ratio, ROOT, seconds, table, tempDir, type Sample } from './measure.js';
import type { Bench, BenchSection } from './types.js';

const GITHUB_SPEC = join(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json');
const OPENAPI_TS_CLI = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
/** The newest @hey-api/openapi-ts whose `engines` accept Node 20 (0.96 and later need Node 22). */
const HEY_API_VERSION = '0.95.0';
const HEY_API_DIR = join(tmpdir(), `careapis-bench-hey-api-${HEY_API_VERSION}`);
/**
 * Our own specs' lint rules are not what this measures. `struct` is lowered to a warning because
 * GitHub's description uses `nullable` without `type` in a few places, which Redocly's struct rule rejects.
 */
const LENIENT_REDOCLY = '# Lenient rules for the scale benchmark.\nextends:\n  - minimal\nrules:\n  struct: warn\n';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const TARGET_WALL = 1.15;
const TARGET_MEMORY = 1.2;

type Json = Record<string, unknown>;
interface Description extends Json {
  servers?: Json[];
  paths: Record<string, Json>;
  components?: Record<string, Json>;
}

/** Number of operations in a description. */
function countOperations(doc: Description): number {
  return Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => METHODS.has(k)).length, 0);
}

/** The first `n` operations of a description, with only the components they reach through `$ref`s. */
export function slice(doc: Description, n: number): Description {
  const paths: Record<string, Json> = {};
  let taken = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    if (taken >= n) break;
    const kept: Json = {};
    for (const [key, value] of Object.entries(item)) {
      if (!METHODS.has(key)) kept[key] = value;
      else if (taken < n) {
        kept[key] = value;
        taken++;
      }
    }
    paths[path] = kept;
  }
  const components: Record<string, Json> = {};
  const seen = new Set<string>();
  const queue: unknown[] = [paths];
  while (queue.length) {
    const node = queue.pop();
    if (Array.isArray(node)) queue.push(...(node as unknown[]));
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$ref' || typeof value !== 'string') {
        queue.push(value);
        continue;
      }
      if (!value.startsWith('#/components/') || seen.has(value)) continue;
      seen.add(value);
      const [type, name] = value.split('/').slice(2, 4).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const target = type !== undefined && name !== undefined ? doc.components?.[type]?.[name] : undefined;
      if (target === undefined) continue;
      (components[type!] ??= {})[name!] = target;
      queue.push(target);
    }
  }
  const { 'x-webhooks': _webhooks, ...rest } = doc;
  return { ...rest, paths, components };
}

/** A temp root for one size: specs/github.yaml (JSON text is YAML too) and the lenient redocly.yaml. */
export async function prepareRoot(dir: string, doc: Description): Promise<void> {
  await mkdir(join(dir, 'specs'), { recursive: true });
  await writeFile(join(dir, 'specs/github.yaml'), JSON.stringify(doc));
  await writeFile(join(dir, 'redocly.yaml'), LENIENT_REDOCLY);
}

/** Installs @hey-api/openapi-ts (and its TypeScript peer) once into a temp dir; its CLI path, or why not. */
async function heyApiCli(): Promise<{ cli: string } | { error: string }> {
  const cli = join(HEY_API_DIR, 'node_modules/@hey-api/openapi-ts/bin/run.js');
  if (existsSync(cli) && existsSync(join(HEY_API_DIR, 'node_modules/typescript/package.json'))) return { cli };
  await mkdir(HEY_API_DIR, { recursive: true });
  await writeFile(join(HEY_API_DIR, 'package.json'), '{ "private": true }\n');
  const install = await measure('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@hey-api/openapi-ts@${HEY_API_VERSION}`, 'typescript@5.9'], { cwd: HEY_API_DIR, timeoutMs: 300_000 });
  return install.code === 0 && existsSync(cli) ? { cli } : { error: `npm install of @hey-api/openapi-ts@${HEY_API_VERSION} failed: ${install.output.trim().split('\n').pop() ?? ''}` };
}

/** GitHub's REST API description, its server named as our model requires. */
export async function githubDescription(): Promise<Description> {
  const full = JSON.parse(await readFile(GITHUB_SPEC, 'utf8')) as Description;
  full.servers = [{ ...(full.servers?.[0] ?? { url: 'https://api.github.com' }), 'x-careapis-environment': 'production' }];
  return full;
}

/** Runs of one size. */
interface SizeResult {
  operations: number;
  compiled: Sample[];
  tsx: Sample[];
  bare: Sample[];
  hey: Sample[];
}

/** Measures one size: ours (compiled and via tsx), bare and (optionally) hey-api, interleaved, `rounds` times. */
async function measureSize(root: string, operations: number, rounds: number, bundle: string, hey: string | undefined): Promise<SizeResult> {
  const result: SizeResult = { operations, compiled: [], tsx: [], bare: [], hey: [] };
  const ours = (mode: GeneratorMode) => async (): Promise<void> => {
    await rm(join(root, 'packages'), { recursive: true, force: true });
    const [command, args] = generatorCommand(mode, { rootDir: root }, bundle);
    result[mode].push(await measureOk(command, args, { cwd: ROOT }));
    // The run must have emitted the whole package: one method per operation in the client.
    const client = await readFile(join(root, 'packages/github/src/generated/client.ts'), 'utf8');
    const methods = client.match(/^ {2}\w+\(args\??: /gm)?.length ?? 0;
    if (methods !== operations) throw new Error(`our generator (${mode}) emitted ${methods} client methods for ${operations} operations`);
  };
  const steps: (() => Promise<void>)[] = [
    ours('compiled'),
    ours('tsx'),
    async () => {
      result.bare.push(await measureOk(process.execPath, [OPENAPI_TS_CLI, 'specs/github.yaml', '-o', 'bare/schema.ts', '--redocly', 'redocly.yaml'], { cwd: root }));
    },
    ...(hey
      ? [
          async () => {
            // Absolute paths: hey-api reads a relative `a/b` input as a registry shorthand ("organization/project").
            result.hey.push(await measureOk(process.execPath, [hey, '-i', join(root, 'specs/github.yaml'), '-o', join(root, 'hey-api'), '--no-log-file', '--silent'], { cwd: root }));
          },
        ]
      : []),
  ];
  for (let round = 0; round < rounds; round++) for (let k = 0; k < steps.length; k++) await steps[(round + k) % steps.length]!();
  return result;
}

/** `12.3 ms` per operation between two sizes, from a field's medians. */
function marginal(a: SizeResult, b: SizeResult, who: 'compiled' | 'tsx' | 'bare', field: 'wallMs' | 'cpuMs'): number | undefined {
  const [x, y] = [medianOf(a[who], field), medianOf(b[who], field)];
  return x === undefined || y === undefined ? undefined : (y - x) / (b.operations - a.operations);
}

/** Item 2 of the benchmark issue: generation at scale. */
export const run: Bench = async ({ quick }): Promise<BenchSection> => {
  const loadBefore = load();
  const full = await githubDescription();
  const total = countOperations(full);
  const sizes = quick ? [10] : [10, 100, total];
  const heyApi = quick ? undefined : await heyApiCli();
  const work = await tempDir('careapis-bench-scale-');
  const results: SizeResult[] = [];
  try {
    const bundle = await compileGenerator(work);
    for (const size of sizes) {
      const root = join(work, `ops-${size}`);
      await prepareRoot(root, size === total ? full : slice(full, size));
      const hey = size === total && heyApi && 'cli' in heyApi ? heyApi.cli : undefined;
      results.push(await measureSize(root, size, quick ? 1 : size === total ? 3 : 5, bundle, hey));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const rows: string[][] = [];
  for (const r of results) {
    const bareWall = medianOf(r.bare, 'wallMs');
    const bareRss = medianOf(r.bare, 'maxRssMb');
    const line = (label: string, samples: Sample[]): string[] => [
      label,
      r.operations.toLocaleString('en-US'),
      seconds(medianOf(samples, 'wallMs')),
      seconds(medianOf(samples, 'cpuMs')),
      megabytes(medianOf(samples, 'maxRssMb')),
      ratio(medianOf(samples, 'wallMs'), bareWall),
      ratio(medianOf(samples, 'maxRssMb'), bareRss),
    ];
    rows.push(line('bare openapi-typescript (schema types only)', r.bare), line('ours, compiled (plain `node`, as `npm run generate` runs it): full package', r.compiled), line('ours, TypeScript sources via tsx: full package', r.tsx));
    if (r.hey.length) rows.push(line(`@hey-api/openapi-ts ${HEY_API_VERSION} (types + SDK + client)`, r.hey));
  }

  const notes: string[] = [
    `Input: \`@octokit/openapi\` generated/api.github.com.json (OpenAPI ${String(full.openapi)}, ${total.toLocaleString('en-US')} operations), written to a temp root as specs/github.yaml with \`x-careapis-environment: production\` on its server (it declares no security scheme, so nothing else needed changing). Slices keep the first N operations in document order and only the components they reach through \`$ref\`s; the ${total.toLocaleString('en-US')} row is the whole file.`,
    `Lint: both our generator and bare openapi-typescript (\`--redocly\`) use the same lenient redocly.yaml, \`extends: [minimal]\` with \`struct\` lowered to a warning (GitHub's file has \`nullable\` without \`type\`, which \`struct\` rejects). Ours: load, lint, model, then package.json, tsconfig.json, README.md (one example per operation), src/index.ts, the test kit src/testing.ts, and src/generated/ schema.ts (openapi-typescript), types.ts, operations.ts and client.ts. Bare: \`node node_modules/openapi-typescript/bin/cli.js specs/github.yaml -o schema.ts\`.`,
    `Each figure is the median of ${quick ? 1 : '5 (slices) or 3 (whole file)'} runs, contenders interleaved in rotating order; CPU is user+system; memory is peak RSS (${canMeasureResources ? 'GNU time' : 'not measured: /usr/bin/time is missing'}).`,
  ];
  if (!quick) {
    const last = results.at(-1)!;
    const of = (samples: Sample[], field: 'wallMs' | 'cpuMs' | 'maxRssMb'): number => (medianOf(samples, field) ?? Number.NaN) / (medianOf(last.bare, field) ?? Number.NaN);
    const verdict = (value: number, target: number): string => `${value <= target ? 'met' : 'missed'} (${value.toFixed(2)}×)`;
    const judge = (samples: Sample[]): string =>
      `wall ≤ ${TARGET_WALL}× ${verdict(of(samples, 'wallMs'), TARGET_WALL)}, peak memory ≤ ${TARGET_MEMORY}× ${verdict(of(samples, 'maxRssMb'), TARGET_MEMORY)} (CPU ${of(samples, 'cpuMs').toFixed(2)}×)`;
    notes.push(`Targets on the whole file, against bare openapi-typescript: compiled — ${judge(last.compiled)}; via tsx — ${judge(last.tsx)}. The difference between the two is the TypeScript loader (tsx's module hooks), not the generator.`);
    notes.push(
      heyApi && 'error' in heyApi
        ? `@hey-api/openapi-ts: not measured (${heyApi.error}).`
        : `@hey-api/openapi-ts ${HEY_API_VERSION}, installed at bench time into ${HEY_API_DIR} with typescript 5.9: the newest release (0.99) needs Node ≥ 22.18, and 0.95.0 is the newest whose engines accept Node 20, the machines' runtime. Default plugins (types, SDK, fetch client), \`--silent --no-log-file\`: ${ratio(medianOf(last.hey, 'wallMs'), medianOf(last.bare, 'wallMs'))} bare openapi-typescript's wall time, ${ratio(medianOf(last.hey, 'cpuMs'), medianOf(last.bare, 'cpuMs'))} its CPU, ${ratio(medianOf(last.hey, 'maxRssMb'), medianOf(last.bare, 'maxRssMb'))} its peak memory.`,
    );
    const [small, mid, big] = results;
    if (small && mid && big) {
      const ms = (v: number | undefined): string => (v === undefined ? 'n/a' : `${v.toFixed(1)} ms`);
      const grow = (who: 'compiled' | 'tsx' | 'bare'): string => `${who === 'bare' ? 'bare' : `ours ${who}`} ${ms(marginal(small, mid, who, 'cpuMs'))} → ${ms(marginal(mid, big, who, 'cpuMs'))}`;
      // Judged on CPU time, which other work on the machine disturbs less than wall time.
      const early = marginal(small, mid, 'compiled', 'cpuMs') ?? marginal(small, mid, 'compiled', 'wallMs');
      const late = marginal(mid, big, 'compiled', 'cpuMs') ?? marginal(mid, big, 'compiled', 'wallMs');
      const linear = early !== undefined && late !== undefined && late <= early * 1.5;
      notes.push(
        `Growth, 10 → 100 → ${total.toLocaleString('en-US')} operations, CPU per added operation (10→100, then 100→${total.toLocaleString('en-US')}): ${grow('compiled')}; ${grow('tsx')}; ${grow('bare')}. ` +
          `${linear ? 'Linear: an added operation costs no more on the whole file than on the small slices' : 'Not linear: an added operation costs more on the whole file than on the small slices'} (ours compiled: ${ms(late)} vs ${ms(early)}, judged ≤ 1.5×). The 10-operation run is mostly fixed start-up (Node, Redocly, TypeScript, and tsx where used).`,
      );
    }
  }
  notes.push(`Load average (1 min) before / after: ${loadBefore} / ${load()} on ${cpus().length} cores.`);
  return {
    title: `Scale: GitHub's REST API (${total.toLocaleString('en-US')} operations) vs bare openapi-typescript and @hey-api/openapi-ts`,
    table: table(['run', 'operations', 'wall (median)', 'CPU', 'peak memory', 'wall vs bare', 'memory vs bare'], rows),
    notes,
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run({ quick: process.argv.includes('--quick') });
  console.log(`## ${section.title}\n\n${section.table}\n\n${(section.notes ?? []).join('\n')}`);
}
