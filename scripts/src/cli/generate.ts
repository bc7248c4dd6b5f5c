/**
 * `npm run generate [-- --check] [specs/x.yaml …]`: regenerate packages/<vendor> from specs/.
 * Prints one line per vendor; with --check writes nothing and exits 1 listing every stale file.
 * An invalid spec stops the run before anything is written: exit 1 with file, line and pointer of each problem.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../generate/generate.js';
import { SpecError } from '../generate/problems.js';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
// --root <dir>: generate another tree (the generator's own tests use it); default: this repository.
const rootDir = rootAt >= 0 && args[rootAt + 1] ? resolve(args[rootAt + 1]!) : fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const check = args.includes('--check');
const specs = args.filter((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1));
const t0 = performance.now();

try {
  const reports = await generate({ rootDir, check, specs: specs.length ? specs : undefined });
  let stale = 0;
  for (const r of reports) {
    const verb = check ? (r.changed.length ? `${r.changed.length} stale` : 'up to date') : `${r.changed.length} written, ${r.files - r.changed.length} unchanged`;
    console.log(r.operations ? `${r.vendor}: ${r.operations} operations, ${r.files} files (${verb}), ${r.ms} ms` : `${r.vendor}: ${r.files} files listing every vendor (${verb})`);
    if (check) for (const f of r.changed) console.log(`  stale: ${f}`);
    stale += r.changed.length;
  }
  console.log(`generated ${reports.filter((r) => r.operations).length} package(s) in ${Math.round(performance.now() - t0)} ms`);
  if (check && stale) {
    console.error(`${stale} generated file(s) differ from the specs: run \`npm run generate\` and commit the result.`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof SpecError) {
    console.error(`generation stopped, nothing written; ${error.problems.length} problem(s):`);
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
