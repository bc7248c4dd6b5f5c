/** Packing every publishable workspace package with `npm pack`: the code of `npm run pack:local` (scripts/src/cli/pack.ts), which the tests use as users do. */
export { packAll, packOne, publishableDirs, ROOT, type PackedPackage } from '../../scripts/src/cli/pack.js';
