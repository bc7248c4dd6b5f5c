'use strict';
// Copied into the temporary consumer project: loads each package named on the command line with
// `require`, calls it against the loopback server (first argument), prints one JSON report.
const { callEach } = require('./calls.cjs');

const [baseUrl, ...names] = process.argv.slice(2);
callEach(names, (name) => require(name), baseUrl).then(
  (packages) => {
    const entries = Object.fromEntries(names.map((name) => [name, require.resolve(name)]));
    console.log(JSON.stringify({ format: 'cjs', node: process.version, entries, packages }));
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
