/**
 * The packages as users get them: every publishable package is packed with `npm pack`, the
 * tarballs are installed into a fresh consumer project in the temp directory (outside the
 * workspace), and there each package is loaded from ESM and CommonJS on Node 20, 22 and 24 and
 * called against a loopback server, consumer code and every README example are type-checked under
 * TypeScript 5.9 and 7, and publint and attw check each tarball. The test kits (`./testing`) are
 * used there as a team uses them: the consumer's vitest runs its own kit tests and every README's
 * testing example; the main entries are checked to carry nothing of the kit and to install
 * without its peers. Needs built packages (`npm test` builds first) and the npm registry for
 * openapi-fetch, TypeScript, msw, openapi-msw, vitest and the `node` package.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TESTING_PEERS } from '../../scripts/src/generate/emit/package.js';
import { camelCase } from '../../scripts/src/generate/model/index.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { COMPILERS, createConsumer, KIT_TOOLS, type Consumer } from './consumer.js';
import { attwProblems, publintProblems } from './lint.js';
import { nodeBinary } from './node-versions.js';
import { packAll, publishableDirs, ROOT, type PackedPackage } from './pack.js';
import { exampleFiles, tsBlocks } from './readme-examples.js';
import { echo, EXPECTED_REQUESTS, type Echo } from './smoke-expectations.js';
import { RESOLUTIONS, typecheck } from './typecheck.js';

const run = promisify(execFile);

/** Package folders packed, known when the tests are collected. */
const DIRS = publishableDirs();
/** Node.js majors the packages are run on: the machine's own binary for its major, the others from the registry. */
const NODE_MAJORS = [20, 22, 24];
const MACHINE_MAJOR = Number(process.versions.node.split('.')[0]);
/** Files every tarball must have. */
const REQUIRED_FILES = ['LICENSE', 'README.md', 'dist/index.cjs', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.js', 'package.json'];
/** Files every vendor tarball must have besides: its test kit (`./testing`). */
const KIT_FILES = ['dist/testing.cjs', 'dist/testing.d.cts', 'dist/testing.d.ts', 'dist/testing.js'];
/** The consumer's tests of the test kit, run there with its own vitest. */
const KIT_TEST = 'testing.test.mts';
/** Files a tarball may have: the above, a license, and more built modules or declarations in dist/. */
// `undici/package.json`, `testing/package.json`: core's subpath entries for resolvers without `exports` (node10).
const ALLOWED_FILE = /^(package\.json|README\.md|LICENSE|(undici|testing)\/package\.json|dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts))$/;

let work: string;
let packed: PackedPackage[];
let consumer: Consumer;
let server: LoopbackServer;
/** A node binary per major, being installed while the rest of the setup runs. */
const nodes = new Map<number, Promise<string>>();
/** README example files written into the consumer project (those of the test kit apart: they use msw, whose types need the DOM lib). */
const readmeFiles: string[] = [];
const readmeKitFiles: string[] = [];
/** README examples of the test kit, also written as vitest files (`readme-<dir>-testing.test.mts`) to run. */
const readmeKitTests: string[] = [];

const byDir = (dir: string): PackedPackage => {
  const found = packed.find((p) => p.dir === dir);
  if (!found) throw new Error(`packages/${dir} was not packed`);
  return found;
};
const vendorDirs = (): string[] => packed.filter((p) => p.spec).map((p) => p.dir);
const installed = (name: string, file = ''): string => join(consumer.dir, 'node_modules', name, file);
/** The installed README of a package; empty when it has none (the file-list test reports that). */
const readme = (pkg: PackedPackage): string => (existsSync(installed(pkg.name, 'README.md')) ? readFileSync(installed(pkg.name, 'README.md'), 'utf8') : '');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'careapis-pack-'));
  for (const major of NODE_MAJORS) {
    const node = major === MACHINE_MAJOR ? Promise.resolve(process.execPath) : nodeBinary(major);
    node.catch(() => undefined); // reported by the test that needs it
    nodes.set(major, node);
  }
  server = await startLoopbackServer({ respond: echo });
  packed = await packAll(work);
  consumer = await createConsumer(packed);

  copyFileSync(join(consumer.dir, 'uses-all.ts'), join(consumer.dir, 'uses-all.mts'));
  copyFileSync(join(consumer.dir, 'uses-all.ts'), join(consumer.dir, 'uses-all.cts'));
  for (const pkg of packed) {
    for (const file of exampleFiles(pkg.dir, readme(pkg))) {
      writeFileSync(join(consumer.dir, file.name), file.source);
      const isKit = file.source.includes(`from "${pkg.name}/testing"`);
      (isKit ? readmeKitFiles : readmeFiles).push(file.name);
      if (isKit) {
        writeFileSync(join(consumer.dir, `readme-${pkg.dir}-testing.test.mts`), file.source);
        readmeKitTests.push(`readme-${pkg.dir}-testing.test.mts`);
      }
    }
  }
}, 420_000);

afterAll(async () => {
  await server?.close();
  consumer?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('tarballs', () => {
  it('every spec has a packed package, and @careapis/core is packed', () => {
    const specs = readdirSync(join(ROOT, 'specs')).filter((f) => f.endsWith('.yaml')).map((f) => `specs/${f}`);
    expect(packed.map((p) => p.spec).filter(Boolean).sort()).toEqual(specs.sort());
    expect(packed.map((p) => p.name)).toContain('@careapis/core');
  });

  it.each(DIRS)('%s holds only what a user needs', (dir) => {
    const { files } = byDir(dir);
    expect(files.filter((f) => !ALLOWED_FILE.test(f)), `unexpected files in the ${dir} tarball`).toEqual([]);
    const required = byDir(dir).spec ? [...REQUIRED_FILES, ...KIT_FILES] : REQUIRED_FILES;
    expect(required.filter((f) => !files.includes(f)), `files missing from the ${dir} tarball`).toEqual([]);
  });

  it.each(DIRS)('%s: no built file points at a source map', (dir) => {
    const pkg = byDir(dir);
    for (const file of pkg.files.filter((f) => f.startsWith('dist/'))) {
      expect(readFileSync(installed(pkg.name, file), 'utf8'), `${dir}/${file}`).not.toMatch(/sourceMappingURL/);
    }
  });

  it.each(DIRS)('%s: publint finds nothing', async (dir) => {
    expect(await publintProblems(byDir(dir).tarball)).toEqual([]);
  });

  it.concurrent.for(DIRS)('%s: attw finds nothing (node10, node16 CJS and ESM, bundler)', { timeout: 180_000 }, async (dir, { expect }) => {
    expect(await attwProblems(byDir(dir).tarball)).toEqual([]);
  });
});

describe('install into a fresh project', () => {
  it('takes every @careapis package from the tarballs, one copy each, with no registry request for them', () => {
    const entries = Object.entries(consumer.lock.packages).filter(([path]) => /(^|\/)node_modules\/@careapis\//.test(path));
    expect(entries.map(([path]) => path).sort()).toEqual(packed.map((p) => `node_modules/${p.name}`).sort());
    for (const [path, entry] of entries) {
      const pkg = packed.find((p) => path === `node_modules/${p.name}`);
      expect(entry.resolved, path).toMatch(/^file:.*\.tgz$/);
      expect(entry.version, path).toBe(pkg?.version);
    }
    const requests = consumer.installLog.split('\n').filter((line) => line.includes('http fetch'));
    expect(consumer.installLog, 'npm logged its requests').toMatch(/http (fetch|cache) .*openapi-fetch/);
    expect(requests.filter((line) => /(@|%40)careapis/.test(line))).toEqual([]);
  });
});

/** What consumer/smoke.mjs and smoke.cjs print. */
interface SmokeReport {
  format: 'esm' | 'cjs';
  node: string;
  entries: Record<string, string>;
  packages: { name: string; exports: string[]; version?: string; data?: Echo }[];
}

/** Runs a smoke script with a node binary in the consumer project. */
async function smoke(node: string, script: 'smoke.mjs' | 'smoke.cjs'): Promise<SmokeReport> {
  const names = packed.map((p) => p.name);
  const { stdout } = await run(node, [script, server.url, ...names], { cwd: consumer.dir, timeout: 60_000 });
  return JSON.parse(stdout) as SmokeReport;
}

/** Checks one smoke report against the packed packages and the requests the server received. */
function checkSmoke(report: SmokeReport, major: number): void {
  const received = server.requests.splice(0); // taken: the next run starts from none
  expect(report.node.split('.')[0]).toBe(`v${major}`);
  const entryFile = report.format === 'esm' ? 'dist/index.js' : 'dist/index.cjs';
  for (const pkg of packed) {
    const entry = report.entries[pkg.name] ?? '';
    expect(entry.replace(/^file:\/\//, ''), `${pkg.name} resolved from the consumer's node_modules`).toBe(installed(pkg.name, entryFile));
    const loaded = report.packages.find((p) => p.name === pkg.name);
    expect(loaded?.exports.length, `${pkg.name} exports`).toBeGreaterThan(0);
    const expected = EXPECTED_REQUESTS[pkg.dir];
    if (!pkg.spec || !expected) continue;
    expect(loaded?.version, `${pkg.name} VERSION`).toBe(pkg.version);
    const operation = expected[expected.length - 1]!;
    expect(loaded?.data, `${pkg.name} data`).toEqual({ echo: { method: operation.method, url: operation.url } });
  }
  // The calls run one package after another, so the server saw each vendor's requests in turn.
  const expectedAll = packed.flatMap((p) => (p.spec ? (EXPECTED_REQUESTS[p.dir] ?? []).map((r) => ({ ...r, pkg: p })) : []));
  expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(expectedAll.map((r) => `${r.method} ${r.url}`));
  expectedAll.forEach((want, i) => {
    const got = received[i]!;
    expect(got.headers['user-agent'], `${want.url} user-agent`).toMatch(new RegExp(`^${want.pkg.name}/${want.pkg.version.replace(/\./g, '\\.')}\\b`));
    for (const [header, value] of Object.entries(want.headers)) expect(got.headers[header], `${want.url} ${header}`).toBe(value);
    if (want.body) expect(JSON.parse(got.body), `${want.url} body`).toMatchObject(want.body);
  });
}

describe('ESM import and CommonJS require, one call per vendor against a loopback server', () => {
  it('the smoke covers every vendor package', () => {
    const calls = createRequire(import.meta.url)('./consumer/calls.cjs') as { CALLS: Record<string, unknown> };
    expect(Object.keys(calls.CALLS).sort()).toEqual(vendorDirs().sort());
    expect(Object.keys(EXPECTED_REQUESTS).sort()).toEqual(vendorDirs().sort());
  });

  it.each(NODE_MAJORS)('on Node %i', { timeout: 300_000 }, async (major) => {
    const node = await nodes.get(major)!;
    const esm = await smoke(node, 'smoke.mjs');
    checkSmoke(esm, major);
    const cjs = await smoke(node, 'smoke.cjs');
    checkSmoke(cjs, major);
    for (const pkg of esm.packages) {
      expect(cjs.packages.find((p) => p.name === pkg.name)?.exports, `${pkg.name}: the same exports from ESM and CJS`).toEqual(pkg.exports);
    }
  });
});

describe('types in the consumer project', () => {
  const cases = Object.keys(COMPILERS).flatMap((compiler) => RESOLUTIONS.map((resolution) => [compiler as keyof typeof COMPILERS, resolution] as const));
  it.concurrent.for(cases)('%s, moduleResolution %s: consumer code and every README example type-check', { timeout: 300_000 }, async ([compiler, resolution], { expect }) => {
    const usesAll = resolution === 'bundler' ? ['uses-all.ts'] : ['uses-all.mts', 'uses-all.cts'];
    const { code, output } = await typecheck(consumer.dir, compiler, resolution, [...usesAll, ...readmeFiles]);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it.concurrent.for(cases)('%s, moduleResolution %s: tests with the test kit type-check (DOM lib on, as msw needs)', { timeout: 300_000 }, async ([compiler, resolution], { expect }) => {
    const { code, output } = await typecheck(consumer.dir, compiler, resolution, [KIT_TEST, ...readmeKitFiles], true);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('every ```ts block of every README is in a file those runs check', () => {
    for (const pkg of packed) {
      const markdown = readme(pkg);
      const files = exampleFiles(pkg.dir, markdown);
      expect(files.reduce((n, f) => n + f.blocks, 0), pkg.name).toBe(tsBlocks(markdown).length);
      for (const f of files) expect([...readmeFiles, ...readmeKitFiles]).toContain(f.name);
    }
    expect(readmeFiles.length).toBeGreaterThanOrEqual(vendorDirs().length);
    expect(readmeKitFiles.length).toBe(vendorDirs().length);
  });
});

/** operationIds of a spec, in document order. */
function operationIds(spec: string): string[] {
  const doc = parse(readFileSync(join(ROOT, spec), 'utf8')) as { paths?: Record<string, Record<string, { operationId?: string }>> };
  return Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item).flatMap((op) => (typeof op === 'object' && op?.operationId ? [op.operationId] : [])));
}

/** The text of a `## heading` section. */
const section = (markdown: string, heading: string): string => markdown.split(/^## /m).find((s) => s.startsWith(`${heading}\n`))?.slice(heading.length).trim() ?? '';

describe('vendor READMEs', () => {
  const vendors = DIRS.filter((dir) => readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8').includes('Generated by careapis from specs/'));
  it.each(vendors)('%s: install line, auth, environments, and one example per operation', (dir) => {
    const pkg = byDir(dir);
    const markdown = readme(pkg);
    expect(markdown).toContain(`\`\`\`sh\nnpm install ${pkg.name}\n\`\`\``);
    expect(section(markdown, 'Authentication').length, 'Authentication section').toBeGreaterThan(20);
    expect(section(markdown, 'Environments').length, 'Environments section').toBeGreaterThan(20);
    const operations = section(markdown, 'Operations');
    const ids = operationIds(pkg.spec!);
    expect(ids.length).toBeGreaterThan(0);
    for (const method of ids.map(camelCase)) {
      const body = operations.split(/^### /m).find((s) => new RegExp(`^\`\\w+\\.${method}\` `).test(s));
      expect(body, `a "### \`client.${method}\`" section`).toBeDefined();
      expect(tsBlocks(body ?? '').some((b) => b.code.includes(`.${method}(`)), `an example calling ${method}`).toBe(true);
    }
  });
});

/** The modules a built file imports or requires, sorted, each once. */
const importsOf = (file: string): string[] => [...new Set([...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\brequire\()["']([^"']+)["']/g)].map((m) => m[1]!))].sort();

/** What consumer/testing-smoke.cjs prints. */
interface KitSmokeReport {
  node: string;
  reports: { name: string; entry: string; exports: string[]; handlers: number; examples: string[] }[];
}

/** Shape of the part of vitest's JSON report we read. */
interface VitestReport {
  numFailedTests: number;
  numPassedTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

describe('the test kit (`@careapis/<vendor>/testing`) in the consumer project', () => {
  it("the consumer's kit tests and every README's testing example pass under the consumer's vitest", { timeout: 180_000 }, async () => {
    expect(readmeKitTests.length, 'one README testing example per vendor').toBe(vendorDirs().length);
    const outputFile = join(consumer.dir, 'vitest-report.json');
    const vitest = join(consumer.dir, 'node_modules/vitest/vitest.mjs');
    const result = await run(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile=${outputFile}`, KIT_TEST, ...readmeKitTests], { cwd: consumer.dir, timeout: 170_000, maxBuffer: 64 * 1024 * 1024 }).then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-4000),
    );
    const report = JSON.parse(readFileSync(outputFile, 'utf8')) as VitestReport;
    const failed = report.testResults.flatMap((file) => file.assertionResults.filter((t) => t.status !== 'passed').map((t) => `${file.name}: ${t.fullName} (${t.status})`));
    expect(failed, result).toEqual([]);
    expect(report.numFailedTests).toBe(0);
    const files = report.testResults.map((file) => file.name.split('/').pop()).sort();
    expect(files).toEqual([KIT_TEST, ...readmeKitTests].sort());
    // Every vendor's kit is exercised by the consumer's own tests, and each README example ran its tests.
    const names = report.testResults.flatMap((file) => file.assertionResults.map((t) => t.fullName));
    for (const pkg of packed.filter((p) => p.spec)) expect(names.some((n) => n.startsWith(`${pkg.name}/testing`)), `${pkg.name}/testing in ${KIT_TEST}`).toBe(true);
    for (const file of report.testResults.filter((f) => f.name.includes('readme-'))) expect(file.assertionResults.length, file.name).toBeGreaterThanOrEqual(1);
    expect(report.numPassedTests).toBe(names.length);
  });

  it.each(NODE_MAJORS)('loads with require() on Node %i: one handler and one example per operation', { timeout: 120_000 }, async (major) => {
    const node = await nodes.get(major)!;
    const vendors = packed.filter((p) => p.spec);
    const { stdout } = await run(node, ['testing-smoke.cjs', ...vendors.map((p) => p.name)], { cwd: consumer.dir, timeout: 60_000 });
    const report = JSON.parse(stdout) as KitSmokeReport;
    expect(report.node.split('.')[0]).toBe(`v${major}`);
    for (const pkg of vendors) {
      const kit = report.reports.find((r) => r.name === pkg.name)!;
      expect(kit.entry).toBe(installed(pkg.name, 'dist/testing.cjs'));
      expect(kit.exports).toEqual(['createHandlers', 'examples', 'handlers', 'http', 'override']);
      const ids = operationIds(pkg.spec!).map(camelCase).sort();
      expect(kit.examples).toEqual(ids);
      expect(kit.handlers).toBe(ids.length);
    }
  });

  it.each(DIRS.filter((dir) => existsSync(join(ROOT, 'specs', `${dir}.yaml`))))('%s: the main entry carries nothing of the kit, whose peers are optional', (dir) => {
    const pkg = byDir(dir);
    const manifest = JSON.parse(readFileSync(installed(pkg.name, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      exports: Record<string, unknown>;
    };
    expect(Object.keys(manifest.dependencies)).toEqual(['@careapis/core']);
    expect(Object.keys(manifest.peerDependencies ?? {}).sort()).toEqual(['msw', 'openapi-msw']);
    for (const peer of ['msw', 'openapi-msw']) expect(manifest.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
    expect(Object.keys(manifest.exports)).toContain('./testing');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      const text = readFileSync(installed(pkg.name, file), 'utf8');
      expect(text, file).not.toMatch(/["'](msw|msw\/node|openapi-msw|@cfworker\/json-schema|\.\/testing(\.c?js)?)["']/);
    }
    // The kit takes only types from the main entry (no second copy of the client at run time), its runtime from core's testing entry.
    for (const file of ['dist/testing.js', 'dist/testing.cjs']) {
      expect(importsOf(installed(pkg.name, file)), file).toEqual(['@careapis/core/testing', 'openapi-msw']);
    }
  });

  it("@careapis/core: the test kits' runtime is its `./testing` entry, which the main entry never imports; msw is its optional peer, at the vendors' range", () => {
    const core = byDir('core');
    const manifest = JSON.parse(readFileSync(installed(core.name, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      exports: Record<string, unknown>;
    };
    expect(Object.keys(manifest.exports)).toContain('./testing');
    expect(manifest.peerDependencies?.msw).toBe(TESTING_PEERS.msw);
    expect(manifest.peerDependenciesMeta?.msw?.optional).toBe(true);
    expect(Object.keys(manifest.dependencies)).not.toContain('@cfworker/json-schema');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      expect(readFileSync(installed(core.name, file), 'utf8'), file).not.toMatch(/["'](msw|@cfworker\/json-schema|\.\/testing(\.c?js)?)["']/);
    }
    // The JSON Schema validator is bundled in: msw is the entry's one import.
    for (const file of ['dist/testing.js', 'dist/testing.cjs']) expect(importsOf(installed(core.name, file)), file).toEqual(['msw']);
    expect(core.files).toContain('testing/package.json');
  });

  it('installing the vendor packages alone installs none of the kit\'s peers or tools', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'careapis-main-only-'));
    try {
      const dependencies = Object.fromEntries(packed.filter((p) => p.spec).map((p) => [p.name, `file:${p.tarball}`]));
      const overrides = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'main-only', version: '0.0.0', private: true, dependencies, overrides }));
      await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, timeout: 230_000 });
      const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as Consumer['lock'];
      const installedNames = Object.keys(lock.packages).filter(Boolean).map((path) => path.replace(/^.*node_modules\//, '')).sort();
      expect(installedNames.filter((name) => !name.startsWith('@careapis/'))).toEqual(['openapi-fetch', 'openapi-typescript-helpers']);
      for (const tool of KIT_TOOLS) expect(installedNames).not.toContain(tool);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
