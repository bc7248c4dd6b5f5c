'use strict';
// Copied into the temporary consumer project: loads the test kit of each package named on the
// command line with `require` (CommonJS; openapi-msw is ESM-only and comes in through Node's
// require of ES modules) and prints, per package, its exports, how many handlers it has and the
// operations its examples cover.
const reports = process.argv.slice(2).map((name) => {
  const kit = require(`${name}/testing`);
  return {
    name,
    entry: require.resolve(`${name}/testing`),
    exports: Object.keys(kit).sort(),
    handlers: kit.handlers.length,
    examples: Object.keys(kit.examples).sort(),
  };
});
console.log(JSON.stringify({ node: process.version, reports }));
