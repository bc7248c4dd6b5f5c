#!/usr/bin/env node
// Builds the workspace package in the current directory: src/index.ts (and each entry listed in
// `careapis.entries`, e.g. core's `src/undici.ts` and `src/testing.ts`) → dist/ as ESM + CJS +
// .d.ts/.d.cts. Imports of neither dependencies nor peers are bundled in (core's testing entry
// carries its JSON Schema validator that way).
// The package version is compiled in (`__CAREAPIS_VERSION__`) for the User-Agent header.
// The repository's LICENSE is copied beside package.json, so every tarball carries it.
// A vendor package's test kit (src/testing.ts, not a listed entry) is built apart, as dist/testing.*,
// so that nothing of it reaches dist/index.*: it imports only types from "./index.js" (kept as an
// import), and its runtime from `@careapis/core/testing` and openapi-msw (a dependency and a peer).
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
/** What is never bundled in: the package's dependencies and peers, installed beside it. */
const installed = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const common = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  silent: true,
  outDir: 'dist',
};
await build({
  ...common,
  entry: ['src/index.ts', ...(pkg.careapis?.entries ?? [])],
  clean: true,
  external: [...installed, /^node:/],
  define: { __CAREAPIS_VERSION__: JSON.stringify(pkg.version) },
  removeNodeProtocol: false,
});
if (existsSync('src/testing.ts') && !(pkg.careapis?.entries ?? []).includes('src/testing.ts')) {
  await build({
    ...common,
    entry: { testing: 'src/testing.ts' },
    clean: false,
    external: [...installed, /^\.\/index\.js$/],
    // Minified: tests do not step through it, and every user of the client installs it.
    minify: true,
  });
  // The CommonJS declarations take the main entry's types from its CommonJS declarations.
  const cts = readFileSync('dist/testing.d.cts', 'utf8');
  writeFileSync('dist/testing.d.cts', cts.replace(/(from\s+["'])\.\/index\.js(["'])/g, '$1./index.cjs$2'));
}
copyFileSync(fileURLToPath(new URL('../../LICENSE', import.meta.url)), 'LICENSE');
