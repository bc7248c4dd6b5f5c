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
 * Budget: one call to one vendor, everything included, under 6 kB gzipped (1 kB = 1000 bytes).
 * Needs built packages (`npx turbo run build`). Run alone: `npx tsx bench/size.ts`. With `--check`
 * (`npm run size`, part of `npm test`) it exits 1 when a one-call bundle is over the budget: sizes
 * do not depend on the machine, so unlike timings they can gate CI.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transform, type Metafile } from 'esbuild';
import type { Bench, BenchSection } from './types.js';

const ROOT = resolve(import.meta.dirname, '..');
/** Budget for one call to one vendor, everything included, gzipped. */
const BUDGET_GZIP_BYTES = 6000;

/** One consumer module per vendor: create a client, make one call, unwrap it. */
const VENDOR_CALLS: Record<string, string> = {
  candid: `import { createCandidClient, unwrap } from '@careapis/candid';
const candid = createCandidClient({ clientId: 'id', clientSecret: 'secret' });
unwrap(candid.getContract({ params: { path: { contract_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32' } } })).then((data) => console.log(data));`,
  carecycle: `import { createCarecycleClient, unwrap } from '@careapis/carecycle';
const carecycle = createCarecycleClient({ apiKey: 'cc_key' });
unwrap(carecycle.deleteCustomerProvider({ params: { path: { id: 'customer', providerId: 'provider' } } })).then((data) => console.log(data));`,
  certifyos: `import { createCertifyosClient, unwrap } from '@careapis/certifyos';
const certifyos = createCertifyosClient({ clientId: 'id', clientSecret: 'secret', organizationId: 'org' });
unwrap(certifyos.listProviders()).then((data) => console.log(data));`,
  stedi: `import { createStediClient, unwrap } from '@careapis/stedi';
const stedi = createStediClient({ apiKey: 'key' });
unwrap(stedi.getProvider({ params: { path: { providerId: 'provider' } } })).then((data) => console.log(data));`,
  telehealth: `import { createTelehealthClient, unwrap } from '@careapis/telehealth';
const telehealth = createTelehealthClient({ baseUrl: 'https://telehealth.example', token: 'token' });
unwrap(telehealth.getProviderAppointmentSlots({ body: { provider_email: 'a@example.com', service_id: 1, date: '2024-10-21', timezone: 'UTC' } })).then((data) => console.log(data));`,
};

/** The Candid call again with every opt-in import in use: the raw client with a middleware, debug logging, and a paginator. */
const CANDID_ALL_OPT_INS = `import { createCandidClient, debugLogger, listAllContracts, rawClient, unwrap } from '@careapis/candid';
const candid = createCandidClient({ clientId: 'id', clientSecret: 'secret', logger: debugLogger(console, { bodies: true }) });
rawClient(candid).use({ onRequest: ({ request }) => void request.headers.set('x-trace-id', 'trace') });
unwrap(candid.getContract({ params: { path: { contract_id: 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32' } } })).then((data) => console.log(data));
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
async function bundle(source: string, coreFromSource = false): Promise<Size & { metafile: Metafile }> {
  const result = await build({
    ...(coreFromSource ? { alias: { '@careapis/core': resolve(ROOT, 'packages/core/src/index.ts') } } : {}),
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
  return { minified: Buffer.byteLength(code), gzipped: gzipped(code), metafile: result.metafile };
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
  for (const vendor of Object.keys(VENDOR_CALLS)) rows.push(row(`\`@careapis/${vendor}\` own code (dist/index.js)`, await ownCode(`packages/${vendor}/dist/index.js`)));
  rows.push(row('`@careapis/core` own code (dist/index.js)', await ownCode('packages/core/dist/index.js')));

  const calls: { vendor: string; size: Size & { metafile: Metafile } }[] = [];
  for (const [vendor, source] of Object.entries(VENDOR_CALLS)) {
    const size = await bundle(source);
    calls.push({ vendor, size });
    rows.push(row(`**one call, \`@careapis/${vendor}\`, everything included**`, size));
  }
  const allOptIns = await bundle(CANDID_ALL_OPT_INS);
  rows.push(row('one call and every opt-in, `@careapis/candid` (`rawClient` + middleware, `debugLogger`, `listAllContracts`; not budgeted)', allOptIns));
  const bare = await bundle(BARE_OPENAPI_FETCH);
  rows.push(row('one call, bare openapi-fetch (reference)', bare));
  if (!quick) rows.push(row('one Candid call, official `candidhealth` SDK (reference)', await bundle(CANDIDHEALTH_SDK)));

  const largest = calls.reduce((a, b) => (b.size.gzipped > a.size.gzipped ? b : a));
  const breakdown = await bundle(VENDOR_CALLS[largest.vendor] ?? '', true);
  const over = calls.filter((c) => c.size.gzipped >= BUDGET_GZIP_BYTES);
  const notes = [
    'Own code: the package\'s dist/index.js minified by esbuild on its own (imports left out), gzip level 9. One call: a module that creates the client, makes one call and `unwrap`s it, bundled by esbuild (bundle, minify, platform browser, ESM, es2022) with every dependency, gzip level 9. 1 kB = 1000 bytes.',
    over.length === 0
      ? `Budget met: every one-call bundle is under ${kB(BUDGET_GZIP_BYTES)} gzipped; the largest is ${largest.vendor} at ${kB(largest.size.gzipped)} (${kB(largest.size.gzipped - bare.gzipped)} over bare openapi-fetch).`
      : `Budget MISSED (${kB(BUDGET_GZIP_BYTES)} gzipped): ${over.map((c) => `${c.vendor} ${kB(c.size.gzipped)}`).join(', ')}.`,
    `Where the ${largest.vendor} bundle's bytes come from (minified bytes per input; core bundled from its sources for this breakdown): ${largestInputs(breakdown.metafile, 12).join(', ')}.`,
  ];
  if (quick) notes.push('Quick run: the official candidhealth SDK bundle was skipped.');
  const section = { title: 'Size: what one call to one vendor costs a bundle', table: ['| what | minified | gzipped |', '| --- | --- | --- |', ...rows].join('\n'), notes };
  return { section, overBudget: over.map((c) => c.vendor) };
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
