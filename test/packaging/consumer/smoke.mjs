// Copied into the temporary consumer project: loads each package named on the command line with
// `import`, calls it against the loopback server (first argument), prints one JSON report.
import { createRequire } from 'node:module';

const { callEach } = createRequire(import.meta.url)('./calls.cjs');
const [baseUrl, ...names] = process.argv.slice(2);
const packages = await callEach(names, (name) => import(name), baseUrl);
const entries = Object.fromEntries(names.map((name) => [name, import.meta.resolve(name)]));
console.log(JSON.stringify({ format: 'esm', node: process.version, entries, packages }));
