#!/usr/bin/env node
// `npm run generate`: bundles the generator (scripts/src/cli/generate.ts) with esbuild into
// node_modules/.cache/careapis/ and runs it with plain node. No TypeScript loader at run time:
// it starts faster and needs ~100 MB less memory than running the sources through tsx.
// Bundling takes tens of milliseconds, so it is done on every run and is never stale.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const outfile = `${root}/node_modules/.cache/careapis/generate.mjs`;
await build({
  entryPoints: [`${root}/scripts/src/cli/generate.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
// The bundle lives elsewhere, so tell it which tree to generate (unless the caller already did).
if (!process.argv.includes('--root')) process.argv.push('--root', root);
await import(pathToFileURL(outfile).href);
