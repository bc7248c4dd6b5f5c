/**
 * Size benchmark: what a careapis client adds to an application, in bytes.
 *
 * - Each package's own runtime code: its built dist/index.js, minified by esbuild and gzipped
 *   (dependencies not included).
 * - One call to one vendor, everything included: a consumer module that creates a client, makes
 *   one call and unwraps it, bundled by esbuild (bundle, minify, platform browser, ESM) and
 *   gzipped. Beside it, the same kind of call through bare openapi-fetch, and one Candid call
 *   through the official `candidhealth` SDK.
 *
 * Budget: one call to one vendor through the single-operation form, everything included, under
 * 5.5 kB gzipped (1 kB = 1000 bytes); the `client.method()` form is reported beside it.
 * Needs built packages (`npx turbo run build`). Run alone: `npx tsx bench/size.ts`. With `--check`
 * (`npm run size`, part of `npm test`) it exits 1 when a one-call bundle is over the budget: sizes
 * do not depend on the machine, so unlike timings they can gate CI.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform, type Metafile } from 'esbuild';
import { oneCallModule } from '../scripts/src/generate/emit/readme.js';
import { generate, loadModels } from '../scripts/src/generate/generate.js';
import { githubDescription, prepareRoot } from './scale.js';
import type { Bench, BenchSection } from './types.js';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * Budget for one call to one vendor through the single-operation form, everything included,
 * gzipped. The call-surface issue's target is 5.5 kB (TARGET_GZIP_BYTES, reported); the gate
 * holds the line where the bundles are, so that a change that grows them fails CI. Raised from
 * 7750 to 7900 when the retry policy became one function with a decision of one shape, the
 * `shouldRetry` hook and request-aware auth landed (+250 B gzipped on candid and certifyos).
 */
const BUDGET_GZIP_BYTES = 7900;
/** The size the call-surface issue asked for; reported as met or missed, not gated. */
const TARGET_GZIP_BYTES = 5500;

/**
 * One consumer module per vendor, from its spec (so a new spec is measured without an edit
 * here): create a client, make one call (the first GET with arguments), log the result. The
 * single-operation form (`create<Vendor>Base` + `op(client, args)`) is budgeted; the
 * `client.method()` form is reported beside it.
 */
async function vendorCalls(root = ROOT): Promise<{ vendor: string; single: string; method: string; otherPaths: string[] }[]> {
  const vendors = await loadModels(root);
  return vendors.map(({ model }) => {
    const single = oneCallModule(model);
    const called = model.operations.find((op) => single.includes(`${op.name}(`));
    // Paths of operations the module does not call: none may reach its bundle (the token endpoint's is part of the auth).
    const token = model.auth?.type === 'bearer' ? model.auth.token?.path : undefined;
    const otherPaths = [...new Set(model.operations.map((op) => op.path))].filter((path) => path !== called?.path && path !== token);
    return { vendor: model.vendor, single, method: oneCallModule(model, true), otherPaths };
  });
}

/**
 * The single-operation bundle of GitHub's REST API (1,223 operations) beside Stedi's (5), both
 * bundled from their TypeScript sources with core's: how much a one-call bundle grows with the API.
 */
async function githubAgainstStedi(stediSingle: string): Promise<{ github: Size; stedi: Size }> {
  const work = await mkdtemp(join(tmpdir(), 'careapis-size-github-'));
  try {
    await prepareRoot(work, await githubDescription());
    await generate({ rootDir: work });
    const [github] = await vendorCalls(work);
    const fromSource = (vendor: string, dir: string): Record<string, string> => ({ [`@careapis/${vendor}`]: join(dir, `packages/${vendor}/src/index.ts`) });
    return {
      github: await bundle(github?.single ?? '', true, fromSource('github', work)),
      stedi: await bundle(stediSingle, true, fromSource('stedi', ROOT)),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The Candid call again with every opt-in import in use: the raw client with a middleware, debug logging, and a paginator. */
const CANDID_ALL_OPT_INS = `import { createCandidBase, debugLogger, getContract, listAllContracts, rawClient } from '@careapis/candid';
const candid = createCandidBase({ clientId: 'id', clientSecret: 'secret', logger: debugLogger(console, { bodies: true }) });
rawClient(candid).use({ onRequest: ({ request }) => void request.headers.set('x-trace-id', 'trace') });
getContract(candid, { contract_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32' }).then((data) => console.log(data));
for await (const contract of listAllContracts(candid)) console.log(contract);`;

/** The same single call through bare openapi-fetch, bearer header set by hand. */
const BARE_OPENAPI_FETCH = `import createClient from 'openapi-fetch';
const client = createClient({ baseUrl: 'https://api.joincandidhealth.com', headers: { authorization: 'Bearer token' } });
client.GET('/api/contracts/v2/{contract_id}', { params: { path: { contract_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32' } } }).then(({ data }) => console.log(data));`;

/** One Candid call through the official SDK. */
const CANDIDHEALTH_SDK = `import { CandidApiClient } from 'candidhealth';
const candid = new CandidApiClient({ clientId: 'id', clientSecret: 'secret' });
candid.contracts.v2.get('d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32').then((result) => console.log(result));`;

/** Minified and gzipped sizes of some code. */
interface Size {
  minified: number;
  gzipped: number;
}

const gzipped = (code: string): number => gzipSync(code, { level: 9 }).length;

/** A built file minified on its own (its imports stay imports). */
async function ownCode(file: string): Promise<Size> {
  const { code } = await transform(readFileSync(resolve(ROOT, file), 'utf8'), { minify: true, format: 'esm', target: 'es2022', loader: 'js' });
  return { minified: code.length, gzipped: gzipped(code) };
}

/**
 * A consumer module bundled with everything it imports, resolved from the workspace. With
 * `coreFromSource`, @careapis/core comes from its TypeScript sources instead of dist/, so the
 * metafile tells which of its modules the bytes come from.
 */
async function bundle(source: string, coreFromSource = false, alias: Record<string, string> = {}): Promise<Size & { metafile: Metafile; code: string }> {
  const result = await build({
    alias: { ...(coreFromSource ? { '@careapis/core': resolve(ROOT, 'packages/core/src/index.ts') } : {}), ...alias },
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'consumer.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { minified: Buffer.byteLength(code), gzipped: gzipped(code), metafile: result.metafile, code };
}

/** The inputs that contribute most to a bundle, largest first: `path (bytes)`. */
function largestInputs(metafile: Metafile, count: number): string[] {
  const inputs = Object.values(metafile.outputs)[0]?.inputs ?? {};
  return Object.entries(inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, count)
    .map(([path, { bytesInOutput }]) => `${path.replace(/^.*node_modules\//, '')} ${bytesInOutput} B`);
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(2)} kB`;
const row = (what: string, size: Size): string => `| ${what} | ${size.minified} B (${kB(size.minified)}) | ${size.gzipped} B (${kB(size.gzipped)}) |`;

/** Builds the size table and names the vendors over budget. `quick` leaves out the official SDK, the slow bundle; every size is exact either way. */
async function measure(quick: boolean): Promise<{ section: BenchSection; overBudget: string[] }> {
  const rows: string[] = [];
  const vendors = await vendorCalls();
  for (const { vendor } of vendors) rows.push(row(`\`@careapis/${vendor}\` own code (dist/index.js)`, await ownCode(`packages/${vendor}/dist/index.js`)));
  rows.push(row('`@careapis/core` own code (dist/index.js)', await ownCode('packages/core/dist/index.js')));

  const calls: { vendor: string; size: Size & { metafile: Metafile } }[] = [];
  const carried: string[] = [];
  for (const { vendor, single, otherPaths } of vendors) {
    const size = await bundle(single);
    calls.push({ vendor, size });
    rows.push(row(`**one call, \`@careapis/${vendor}\`, single-operation form, everything included**`, size));
    const others = otherPaths.filter((path) => size.code.includes(JSON.stringify(path)));
    if (others.length) carried.push(`${vendor} (${others.join(', ')})`);
  }
  for (const { vendor, method } of vendors) rows.push(row(`one call, \`@careapis/${vendor}\`, \`client.method()\` form (every operation; not budgeted)`, await bundle(method)));
  const allOptIns = await bundle(CANDID_ALL_OPT_INS);
  rows.push(row('one call and every opt-in, `@careapis/candid` (`rawClient` + middleware, `debugLogger`, `listAllContracts`; not budgeted)', allOptIns));
  const bare = await bundle(BARE_OPENAPI_FETCH);
  rows.push(row('one call, bare openapi-fetch (reference)', bare));
  let scale = '';
  if (!quick) {
    rows.push(row('one Candid call, official `candidhealth` SDK (reference)', await bundle(CANDIDHEALTH_SDK)));
    const { github, stedi } = await githubAgainstStedi(vendors.find((v) => v.vendor === 'stedi')?.single ?? '');
    rows.push(row('one call, GitHub REST API package (1,223 operations) generated by us, single-operation form, from sources', github));
    rows.push(row('one call, `@careapis/stedi` (5 operations), single-operation form, from sources (same build as the GitHub row)', stedi));
    const grows = github.gzipped - stedi.gzipped;
    scale = `Independence from API size: the GitHub one-call bundle is ${grows} B gzipped ${grows >= 0 ? 'over' : 'under'} Stedi's (target: within 300 B): ${Math.abs(grows) <= 300 ? 'met' : 'MISSED'}.`;
  }

  const largest = calls.reduce((a, b) => (b.size.gzipped > a.size.gzipped ? b : a));
  const breakdown = await bundle(vendors.find((v) => v.vendor === largest.vendor)?.single ?? '', true);
  const over = calls.filter((c) => c.size.gzipped >= BUDGET_GZIP_BYTES);
  const notes = [
    "Own code: the package's dist/index.js minified by esbuild on its own (imports left out), gzip level 9. One call: a module made from the vendor's spec that creates the client, makes one call (its first GET with arguments) and logs the result, bundled by esbuild (bundle, minify, platform browser, ESM, es2022) with every dependency, gzip level 9. 1 kB = 1000 bytes.",
    over.length === 0
      ? `Gate met: every single-operation one-call bundle is under ${kB(BUDGET_GZIP_BYTES)} gzipped; the largest is ${largest.vendor} at ${kB(largest.size.gzipped)} (${kB(largest.size.gzipped - bare.gzipped)} over bare openapi-fetch).`
      : `Gate MISSED (${kB(BUDGET_GZIP_BYTES)} gzipped): ${over.map((c) => `${c.vendor} ${kB(c.size.gzipped)}`).join(', ')}.`,
    `Target ${kB(TARGET_GZIP_BYTES)}: ${calls.every((c) => c.size.gzipped <= TARGET_GZIP_BYTES) ? 'met' : `missed by ${calls.filter((c) => c.size.gzipped > TARGET_GZIP_BYTES).map((c) => `${c.vendor} (${c.size.gzipped - TARGET_GZIP_BYTES} B)`).join(', ')}`}.`,
    `Where the ${largest.vendor} bundle's bytes come from (minified bytes per input; core bundled from its sources for this breakdown): ${largestInputs(breakdown.metafile, 12).join(', ')}.`,
  ];
  notes.push(carried.length ? `Operations the single-operation bundle should not carry, found: ${carried.join('; ')}.` : 'No single-operation bundle carries another operation of its vendor (checked by path).');
  if (scale) notes.push(scale);
  if (quick) notes.push('Quick run: the official candidhealth SDK bundle and the GitHub-scale bundle were skipped.');
  const section = { title: 'Size: what one call to one vendor costs a bundle', table: ['| what | minified | gzipped |', '| --- | --- | --- |', ...rows].join('\n'), notes };
  return { section, overBudget: [...over.map((c) => c.vendor), ...carried.map((c) => `${c}: carries other operations`)] };
}

/** Builds the size table. */
export const run: Bench = async ({ quick }) => (await measure(quick)).section;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { section, overBudget } = await measure(process.argv.includes('--quick'));
  console.log(`## ${section.title}\n\n${section.table}\n\n${(section.notes ?? []).map((n) => `- ${n}`).join('\n')}`);
  if (process.argv.includes('--check') && overBudget.length) {
    console.error(`size budget missed: one call to ${overBudget.join(', ')} is ${kB(BUDGET_GZIP_BYTES)} gzipped or more`);
    process.exitCode = 1;
  }
}
