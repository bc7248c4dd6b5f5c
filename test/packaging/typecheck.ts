/**
 * Type-checking consumer files inside the consumer project with each installed TypeScript, under
 * the module settings services use: node16, nodenext (Node ESM + CJS) and bundler.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { COMPILERS } from './consumer.js';

const run = promisify(execFile);

/** A `moduleResolution` setting under test. */
export type Resolution = 'node16' | 'nodenext' | 'bundler';

/** Every resolution under test. */
export const RESOLUTIONS: readonly Resolution[] = ['node16', 'nodenext', 'bundler'];

/**
 * Compiler options for a resolution: strict, with library checking on so our .d.ts files are
 * checked too. Node configs see no DOM types (only @types/node), as in a Node service, unless
 * `dom` asks for them; nodenext adds `exactOptionalPropertyTypes`, the strictest setting teams
 * commonly turn on.
 */
function compilerOptions(resolution: Resolution, dom: boolean): Record<string, unknown> {
  const common = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    noUncheckedIndexedAccess: true,
    target: 'es2022',
    types: ['node'],
  };
  if (resolution === 'bundler') return { ...common, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom', 'dom.iterable'] };
  return { ...common, module: resolution, moduleResolution: resolution, lib: dom ? ['es2022', 'dom', 'dom.iterable'] : ['es2022'], exactOptionalPropertyTypes: resolution === 'nodenext' };
}

/** The result of one compiler run. */
export interface TypecheckResult {
  /** Exit code of tsc: 0 when there are no errors. */
  code: number;
  /** What tsc printed (its diagnostics). */
  output: string;
}

/**
 * Writes tsconfig.<compiler>.<resolution>[.dom].json in `dir` for `files` and runs the compiler
 * installed as `compiler`. With `dom`, Node configs get the DOM lib too: test files that use msw
 * need it (msw's own types refer to DOM types such as MessageEvent and RequestMode).
 */
export async function typecheck(dir: string, compiler: keyof typeof COMPILERS, resolution: Resolution, files: readonly string[], dom = false): Promise<TypecheckResult> {
  const config = `tsconfig.${compiler}.${resolution}${dom ? '.dom' : ''}.json`;
  writeFileSync(join(dir, config), `${JSON.stringify({ compilerOptions: compilerOptions(resolution, dom), files }, null, 2)}\n`);
  try {
    const { stdout, stderr } = await run(process.execPath, [join(dir, 'node_modules', compiler, 'bin/tsc'), '-p', config, '--pretty', 'false'], {
      cwd: dir,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message };
  }
}
