/**
 * The install path the READMEs document before a release: `npm run pack:local` (here its script,
 * `scripts/src/cli/pack.ts --out <dir>`; `npm test` has built the packages) writes every tarball
 * into one folder, a fresh project installs them from there with one `npm install`, and each
 * installed README's "Quick start" runs, unchanged but for the base URL, against a loopback
 * server. The same project loads a package's CommonJS and ESM copies in one process and checks
 * that `isCareApiError` recognises an error of either (the dual-package hazard).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { publishableDirs, ROOT } from './pack.js';
import { tsBlocks } from './readme-examples.js';

const run = promisify(execFile);
const DIRS = publishableDirs();

let work: string;
let project: string;
let server: LoopbackServer;
let tarballs: string[];

/** Every vendor's variables pointing at the loopback server, with credentials made up for it. */
function environment(): NodeJS.ProcessEnv {
  const credentials = {
    STEDI_API_KEY: 'test-stedi-key',
    CARECYCLE_API_KEY: 'cc_test-key',
    CANDID_CLIENT_ID: 'candid-id',
    CANDID_CLIENT_SECRET: 'candid-secret',
    CERTIFYOS_CLIENT_ID: 'certifyos-id',
    CERTIFYOS_CLIENT_SECRET: 'certifyos-secret',
    CERTIFYOS_ORGANIZATION_ID: 'org-1',
    TELEHEALTH_TOKEN: 'telehealth-token',
  };
  const urls = Object.fromEntries(['STEDI', 'CARECYCLE', 'CANDID', 'CERTIFYOS', 'TELEHEALTH'].map((v) => [`${v}_BASE_URL`, server.url]));
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...credentials, ...urls, QUICKSTART_BASE_URL: server.url };
}

/** The code of a README's `## Quick start` section (its one ```ts block), or undefined. */
function quickStart(markdown: string): string | undefined {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Quick start\n'));
  return section ? tsBlocks(section)[0]?.code : undefined;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'careapis-local-'));
  const out = join(work, 'dist-packages');
  // Token requests get a token, everything else an empty JSON object.
  server = await startLoopbackServer({ respond: (request: RecordedRequest) => (request.body.includes('client_secret') ? reply(200, { access_token: 'minted-token', expires_in: 3600 }) : reply(200, {})) });
  await run('npx', ['tsx', join(ROOT, 'scripts/src/cli/pack.ts'), '--out', out], { cwd: ROOT, timeout: 180_000 });
  tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz')).map((f) => join(out, f));
  project = join(work, 'project');
  await run('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`);
  // As documented: every tarball of the folder in one install.
  await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], { cwd: project, timeout: 240_000 });
}, 420_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm run pack:local, then npm install from the folder', () => {
  it('writes one tarball per publishable package, and the project gets each from its tarball', () => {
    expect(tarballs.map((t) => t.split('/').at(-1)!.replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')).sort()).toEqual(DIRS.map((d) => `careapis-${d}`).sort());
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
    const ours = Object.entries(lock.packages).filter(([path]) => /node_modules\/@careapis\//.test(path));
    expect(ours.map(([path]) => path).sort()).toEqual(DIRS.map((d) => `node_modules/@careapis/${d}`).sort());
    for (const [path, entry] of ours) expect(entry.resolved, path).toMatch(/^file:.*\.tgz$/);
  });

  // Every client package (the vendors and the facade); core and bulk are libraries for clients, whose READMEs' examples are type-checked by packaging.test.ts.
  it.each(DIRS.filter((d) => d !== 'core' && d !== 'bulk'))("%s: the README's quick start runs", async (dir) => {
    const markdown = readFileSync(join(project, 'node_modules/@careapis', dir, 'README.md'), 'utf8');
    const code = quickStart(markdown);
    expect(code, 'a "## Quick start" section with a ```ts block').toBeDefined();
    // The only change: the client goes to the loopback server (a README's own `baseUrl`, read from the environment, comes later and wins).
    const source = code!.replace(/(create\w+Client\(\{\n)/, '$1  baseUrl: process.env.QUICKSTART_BASE_URL,\n');
    const file = join(project, `quickstart-${dir}.mjs`);
    writeFileSync(file, source);
    server.clear();
    const { stdout, stderr } = await run(process.execPath, [file], { cwd: project, env: environment(), timeout: 60_000 });
    expect(stderr).toBe('');
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(server.requests.filter((r) => !r.body.includes('client_secret')).length, 'the quick start called the API').toBeGreaterThan(0);
  });
});

describe('the dual-package hazard', () => {
  it("an error thrown by the CommonJS copy fails the ESM copy's instanceof, and isCareApiError recognises it", async () => {
    server.script('GET /providers/missing', reply(404, { message: 'no such provider' }, { 'x-amzn-requestid': 'req-9' }));
    const script = `
import { createRequire } from 'node:module';
import * as esm from '@careapis/stedi';
const cjs = createRequire(import.meta.url)('@careapis/stedi');
const client = cjs.createStediClient({ apiKey: 'k', baseUrl: process.env.QUICKSTART_BASE_URL });
const error = await client.getProvider({ providerId: 'missing' }).catch((e) => e);
console.log(JSON.stringify({
  sameClass: cjs.CareApiError === esm.CareApiError,
  instanceofEsm: error instanceof esm.CareApiError,
  isCareApiError: esm.isCareApiError(error),
  isCareApiErrorOfOp: esm.isCareApiError(error, 'getProvider'),
  isCareApiBaseError: esm.isCareApiBaseError(error),
  status: error.status,
  requestId: error.requestId,
}));`;
    writeFileSync(join(project, 'dual.mjs'), script);
    const { stdout } = await run(process.execPath, ['dual.mjs'], { cwd: project, env: environment(), timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({ sameClass: false, instanceofEsm: false, isCareApiError: true, isCareApiErrorOfOp: true, isCareApiBaseError: true, status: 404, requestId: 'req-9' });
  });
});
