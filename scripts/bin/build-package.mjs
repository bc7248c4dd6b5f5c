#!/usr/bin/env node
// Builds the workspace package in the current directory: src/index.ts (and each entry listed in
// `careapis.entries`, e.g. core's `src/undici.ts`) → dist/ as ESM + CJS + .d.ts/.d.cts.
// The package version is compiled in (`__CAREAPIS_VERSION__`) for the User-Agent header.
// The repository's LICENSE is copied beside package.json, so every tarball carries it.
import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
await build({
  entry: ['src/index.ts', ...(pkg.careapis?.entries ?? [])],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  silent: true,
  outDir: 'dist',
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), /^node:/],
  define: { __CAREAPIS_VERSION__: JSON.stringify(pkg.version) },
  removeNodeProtocol: false,
});
copyFileSync(fileURLToPath(new URL('../../LICENSE', import.meta.url)), 'LICENSE');
