/**
 * One generation run: load and validate every spec, render every package in memory, then write
 * (or, with `check`, compare). Nothing is written unless every spec is valid.
 */
import { readdir, readFile, mkdir, writeFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { loadLintConfig, loadSpec, type LoadedSpec } from './load.js';
import { buildModel, type VendorModel } from './model.js';
import { SpecError, type Problem } from './problems.js';
import { emitClient } from './emit/client.js';
import { emitOperations } from './emit/operations.js';
import { emitTypes } from './emit/types.js';
import { emitIndex, emitPackageJson, emitTsconfig, type KeptFields } from './emit/package.js';
import { emitReadme } from './emit/readme.js';
import { emitSchema } from './emit/schema.js';

/** Options of one run. */
export interface GenerateOptions {
  /** Repository root. */
  rootDir: string;
  /** Spec files relative to the root; default every `specs/*.yaml`. */
  specs?: string[] | undefined;
  /** Where packages go, relative to the root. Default `packages`. */
  packagesDir?: string | undefined;
  /** Redocly config, relative to the root. Default `redocly.yaml`. */
  lintConfig?: string | undefined;
  /** Compare instead of writing. */
  check?: boolean | undefined;
}

/** What happened to one vendor. */
export interface VendorReport {
  vendor: string;
  operations: number;
  /** Files written (or, with `check`, stale). */
  changed: string[];
  /** Files generated in all. */
  files: number;
  ms: number;
}

/** Files under a package that the generator owns, path → content. */
async function renderPackage(model: VendorModel, doc: Parameters<typeof emitSchema>[1], kept: KeptFields, coreVersion: string): Promise<Map<string, string>> {
  return new Map([
    ['package.json', emitPackageJson(model, kept, coreVersion)],
    ['tsconfig.json', emitTsconfig(model)],
    ['README.md', emitReadme(model)],
    ['src/index.ts', emitIndex(model)],
    ['src/generated/schema.ts', await emitSchema(model, doc)],
    ['src/generated/client.ts', emitClient(model)],
    ['src/generated/operations.ts', emitOperations(model)],
    ['src/generated/types.ts', emitTypes(model)],
  ]);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every file below `dir`, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** One spec, loaded and modelled. */
interface LoadedVendor {
  file: string;
  spec: LoadedSpec;
  model: VendorModel;
}

/**
 * Loads, validates and models every spec (`specs/*.yaml` by default). Throws {@link SpecError}
 * listing every problem of every spec when any is invalid. `timed` wraps each spec's work.
 */
export async function loadModels(
  rootDir: string,
  specFiles?: string[],
  config?: Awaited<ReturnType<typeof loadLintConfig>>,
  timed: <T>(file: string, work: () => Promise<T>) => Promise<T> = (_file, work) => work(),
): Promise<LoadedVendor[]> {
  const files = specFiles ?? (await readdir(join(rootDir, 'specs'))).filter((f) => f.endsWith('.yaml')).sort().map((f) => `specs/${f}`);
  const lint = config ?? (await loadLintConfig(join(rootDir, 'redocly.yaml')));
  const loaded: (LoadedVendor | { file: string; problems: Problem[] })[] = [];
  for (const file of files) {
    loaded.push(
      await timed(file, async () => {
        const result = await loadSpec(file, rootDir, lint);
        if (!result.ok) return { file, problems: result.problems };
        const built = buildModel(result.spec);
        return built.ok ? { file, spec: result.spec, model: built.model } : { file, problems: built.problems };
      }),
    );
  }
  const problems = loaded.flatMap((l) => ('problems' in l ? l.problems : []));
  if (problems.length) throw new SpecError(problems);
  return loaded as LoadedVendor[];
}

/** Runs the generator. Throws {@link SpecError} listing every problem when any spec is invalid. */
export async function generate(options: GenerateOptions): Promise<VendorReport[]> {
  const { rootDir } = options;
  const packagesDir = options.packagesDir ?? 'packages';
  const specFiles = options.specs ?? (await readdir(join(rootDir, 'specs'))).filter((f) => f.endsWith('.yaml')).sort().map((f) => `specs/${f}`);
  const config = await loadLintConfig(join(rootDir, options.lintConfig ?? 'redocly.yaml'));
  const corePkg = JSON.parse((await readText(join(rootDir, packagesDir, 'core/package.json'))) ?? '{"version":"0.1.0"}') as { version: string };

  // 1. Load and validate everything before rendering anything. Time is counted per vendor.
  const spent = new Map<string, number>();
  const timed = async <T>(vendorFile: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      spent.set(vendorFile, (spent.get(vendorFile) ?? 0) + performance.now() - t0);
    }
  };
  const loaded = await loadModels(rootDir, specFiles, config, timed);

  // 2. Render every package in memory.
  const outputs: { file: string; dir: string; files: Map<string, string>; report: VendorReport }[] = [];
  for (const entry of loaded) {
    const dir = join(rootDir, packagesDir, entry.model.vendor);
    const existing = JSON.parse((await readText(join(dir, 'package.json'))) ?? '{}') as { version?: string; dependencies?: Record<string, string> };
    const { model, spec } = entry;
    const files = await timed(entry.file, () => renderPackage(model, spec.doc, { version: existing.version, coreRange: existing.dependencies?.['@careapis/core'] }, corePkg.version));
    const report: VendorReport = { vendor: model.vendor, operations: model.operations.length, changed: [], files: files.size, ms: 0 };
    outputs.push({ file: entry.file, dir, files, report });
  }

  // 3. Compare with what is on disk; write only what differs, and remove files the generator no longer makes.
  for (const { file, dir, files, report } of outputs) {
    await timed(file, async () => {
      for (const [name, content] of files) {
        if ((await readText(join(dir, name))) === content) continue;
        report.changed.push(join(relative(rootDir, dir), name));
        if (!options.check) {
          await mkdir(dirname(join(dir, name)), { recursive: true });
          await writeFile(join(dir, name), content);
        }
      }
      for (const name of await listFiles(join(dir, 'src'))) {
        const path = `src/${name}`;
        if (files.has(path)) continue;
        report.changed.push(`${join(relative(rootDir, dir), path)} (not generated)`);
        if (!options.check) await rm(join(dir, path));
      }
    });
    report.ms = Math.round(spent.get(file) ?? 0);
  }
  return outputs.map((o) => o.report);
}
