/**
 * `npm run regen [-- options]`: regenerate, version, build and test the packages whose spec changed.
 * The same command runs locally and in CI (.github/workflows/regenerate.yml). See scripts/src/regen/README.md.
 *
 * Exit codes: 0 done (or nothing to do); 1 invalid spec, unknown ref or bad option, with nothing
 * written; 2 the packages were written but their build, typecheck or tests failed; 3 anything
 * else (a tool failed to start…).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SpecError } from '../generate/problems.js';
import { formatChange } from '../regen/change.js';
import { GitError } from '../regen/git.js';
import { regen } from '../regen/regen.js';
import { renderSummary } from '../regen/summary.js';

const USAGE = `usage: npm run regen -- [--base <ref> | --since-generated] [--dry-run] [--no-build] [--no-test] [--json] [--summary <file>] [--root <dir>]

  --base <ref>        compare the specs with this commit (default: merge base of HEAD with main)
  --since-generated   compare each spec with the version its package was last generated from (CI on main)
  --dry-run           print what would be written, built and tested; change nothing
  --no-build          write packages and changesets, build and test nothing
  --no-test           build and type-check, run no tests
  --json              print the report as JSON on stdout (progress goes to stderr)
  --summary <file>    also write a Markdown summary (the pull request body in CI)
  --root <dir>        repository root (default: this repository)`;

let args;
try {
  args = parseArgs({
    options: {
      base: { type: 'string' },
      'since-generated': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'no-build': { type: 'boolean' },
      'no-test': { type: 'boolean' },
      json: { type: 'boolean' },
      summary: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(1);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.base !== undefined && args['since-generated']) {
  console.error(`--base and --since-generated exclude each other\n\n${USAGE}`);
  process.exit(1);
}

const rootDir = args.root ? resolve(args.root) : fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const json = args.json === true;
const say = (line: string): void => void (json ? console.error(line) : console.log(line));

try {
  const report = await regen({
    rootDir,
    base: args.base,
    sinceGenerated: args['since-generated'],
    dryRun: args['dry-run'],
    build: !args['no-build'],
    test: !args['no-test'],
    log: say,
    toolOutput: json ? 'stderr' : 'stdout',
  });
  if (args['dry-run']) {
    for (const p of report.packages) {
      if (p.changesetText) say(`\nwould write ${p.changeset}:\n${p.changesetText}`);
      for (const file of p.regenerated) say(`would regenerate ${file}`);
    }
  } else {
    for (const p of report.packages) {
      if (p.changeset) say(`wrote ${p.changeset} (${p.bump}): ${p.changes.map(formatChange).slice(0, 3).join('; ')}${p.changes.length > 3 ? '; …' : ''}`);
    }
  }
  if (args.summary) await writeFile(resolve(args.summary), renderSummary(report));
  if (json) console.log(JSON.stringify(report, null, 2));
  if (report.build?.ok === false || report.test?.ok === false) {
    console.error('regen: packages and changesets were written, but the build, typecheck or tests failed (see above).');
    process.exit(2);
  }
} catch (error) {
  if (error instanceof SpecError) {
    console.error(`regen stopped, nothing written: ${error.problems.length} problem(s) in the changed spec(s):\n${error.message}`);
    process.exit(1);
  }
  if (error instanceof GitError) {
    console.error(`regen stopped, nothing written: ${error.message}`);
    process.exit(1);
  }
  console.error(`regen failed: ${(error as Error).message}; packages or changesets may have been written (see \`git status\`).`);
  process.exit(3);
}
