/**
 * `npm start`: regenerate every client from specs/, build every package, then run the demo
 * (scripts/src/cli/demo.ts) through @careapis/sdk against local Prism mock servers. Arguments go
 * to the demo: `npm start -- --vendor stedi`. Exits with the first failing step's code.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// Each step runs its program directly: `npx` would add npm's own start-up to every step.
const steps: [name: string, command: string, args: string[]][] = [
  ['generate', process.execPath, ['scripts/bin/generate.mjs']],
  ['build', join(root, 'node_modules/.bin/turbo'), ['run', 'build', '--output-logs=errors-only']],
  ['demo', process.execPath, ['--import', 'tsx', 'scripts/src/cli/demo.ts', ...process.argv.slice(2)]],
];

for (const [name, command, args] of steps) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    if (name !== 'demo') console.error(`npm start: ${name} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
    process.exit(result.status || 1);
  }
  if (name !== 'demo') console.log(`npm start: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
