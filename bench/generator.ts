/**
 * How the benchmarks run our generator in a child process, two ways:
 * - `tsx`: `node --import tsx`, the TypeScript sources;
 * - `compiled`: the generator bundled by esbuild into plain JavaScript and run by plain `node`, which is
 *   how `npm run generate` runs it (scripts/bin/generate.mjs): no TypeScript loader's start-up or memory.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from './measure.js';

const GENERATE_MODULE = join(ROOT, 'scripts/src/generate/generate.ts');

/** The two ways of running the generator. */
export type GeneratorMode = 'tsx' | 'compiled';

/** Options passed to `generate()` (scripts/src/generate/generate.ts). */
export interface GenerateArgs {
  rootDir: string;
  specs?: string[];
  packagesDir?: string;
}

/**
 * Bundles the generator into `dir`/generate.mjs (dependencies stay external and resolve through a
 * `node_modules` link to the repo's). Returns the bundle's path.
 */
export async function compileGenerator(dir: string): Promise<string> {
  const outfile = join(dir, 'generate.mjs');
  await build({ entryPoints: [GENERATE_MODULE], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return outfile;
}

/** `[command, args]` that run `generate(args)` once in one process; `bundle` is required for `compiled`. */
export function generatorCommand(mode: GeneratorMode, args: GenerateArgs, bundle?: string): [string, string[]] {
  if (mode === 'compiled' && !bundle) throw new Error('the compiled generator needs the bundle from compileGenerator()');
  const module = mode === 'compiled' ? pathToFileURL(bundle!).href : pathToFileURL(GENERATE_MODULE).href;
  const script = `import { generate } from ${JSON.stringify(module)};\nawait generate(${JSON.stringify(args)});`;
  return [process.execPath, [...(mode === 'tsx' ? ['--import', 'tsx'] : []), '--input-type=module', '-e', script]];
}
