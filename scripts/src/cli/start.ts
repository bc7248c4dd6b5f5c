/**
 * `npm start`: regenerate every client from specs/, build every package, then run the demo
 * (scripts/src/cli/demo.ts) through @careapis/sdk against local Prism mock servers. Arguments go
 * to the demo: `npm start -- --vendor stedi`. Exits with the first failing step's code.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const steps: [name: string, args: string[]][] = [
  ['generate', ['node', 'scripts/bin/generate.mjs']],
  ['build', ['turbo', 'run', 'build', '--output-logs=errors-only']],
  ['demo', ['tsx', 'scripts/src/cli/demo.ts', ...process.argv.slice(2)]],
];

for (const [name, args] of steps) {
  const started = performance.now();
  const result = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    if (name !== 'demo') console.error(`npm start: ${name} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
    process.exit(result.status || 1);
  }
  if (name !== 'demo') console.log(`npm start: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
