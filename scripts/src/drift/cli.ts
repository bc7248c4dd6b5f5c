/**
 * `npm run drift [-- options]`: compare each vendor's published API description with our spec
 * (scripts/src/drift/README.md). The weekly workflow `.github/workflows/drift.yml` runs it.
 *
 * Exit codes: 0 no drift; 1 something not allow-listed drifted; 2 no drift found, but a vendor's
 * description could not be read, or a bad option.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDrift } from './drift.js';
import { renderMarkdown, renderText } from './report.js';

const USAGE = `usage: npm run drift -- [--vendor <name>]… [--upstream <name>=<file, dir or URL>]… [--json] [--markdown <dir>] [--root <dir>]

  --vendor <name>            check this vendor only (repeatable; default: every spec)
  --upstream <name>=<where>  read this vendor's description from a file, directory, .tgz or URL
                             instead of the location in its spec's x-careapis-upstream
  --json                     print the reports as JSON on stdout (progress goes to stderr)
  --markdown <dir>           also write <dir>/<vendor>.md per vendor (the issue body in CI)
  --root <dir>               repository root (default: this repository)`;

/** Parses the arguments, runs the watch, prints; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        vendor: { type: 'string', multiple: true },
        upstream: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        markdown: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const upstreams: Record<string, string> = {};
  for (const entry of args.upstream ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) {
      console.error(`--upstream wants <vendor>=<file, dir or URL>, got "${entry}"\n\n${USAGE}`);
      return 2;
    }
    upstreams[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const root = resolve(args.root ?? join(fileURLToPath(import.meta.url), '..', '..', '..', '..'));
  let reports;
  try {
    reports = await runDrift({ root, vendors: args.vendor, upstreams, log: (line) => console.error(line) });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (args.markdown) {
    await mkdir(args.markdown, { recursive: true });
    for (const report of reports) await writeFile(join(args.markdown, `${report.vendor}.md`), renderMarkdown(report));
  }
  if (args.json) console.log(JSON.stringify(reports, null, 2));
  else process.stdout.write(renderText(reports));
  if (reports.some((r) => r.status === 'drift')) return 1;
  return reports.some((r) => r.status === 'error') ? 2 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
