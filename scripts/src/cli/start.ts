/**
 * `npm start`: regenerate every client from specs/, build, and call them against local Prism mock servers.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (cmd: string, args: string[]): void => {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
};

run('npx', ['tsx', 'scripts/src/cli/generate.ts']);
run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
run('npx', ['tsx', 'scripts/src/cli/demo.ts', ...process.argv.slice(2)]);
