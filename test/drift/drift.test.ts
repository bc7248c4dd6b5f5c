/**
 * The drift watch (`npm run drift`, scripts/src/drift). The "vendor documents" are our own specs
 * with known edits, served from a loopback node:http server (no vendor file is in the repo); for
 * Candid, the installed `candidhealth` package with one declaration and one client file edited in
 * an overlay directory. Severities come from the regen classifier, so each assertion names the
 * bump and the words a maintainer's spec edit would get.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkExtensions } from '../../scripts/src/generate/extensions.js';
import { runDrift, type ReportItem, type VendorReport } from '../../scripts/src/drift/drift.js';
import { renderMarkdown, renderText } from '../../scripts/src/drift/report.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
type Doc = Record<string, any>; // test fixtures: vendor documents edited freely

const spec = (vendor: string): Doc => parse(readFileSync(join(ROOT, 'specs', `${vendor}.yaml`), 'utf8')) as Doc;
/** How many operations a vendor's spec covers. */
const operationsIn = (vendor: string): number =>
  Object.values((spec(vendor) as { paths: Record<string, Record<string, unknown>> }).paths).reduce((n, item) => n + Object.keys(item).filter((k) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].includes(k)).length, 0);
const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Stedi's spec as the vendor might publish it next week: six known edits. */
function editedStedi(): Doc {
  const doc = spec('stedi');
  doc.components.schemas.TaxIdType.enum.push('ITIN'); // an enum value added
  doc.components.schemas.UpdateProviderRequest.required.push('contacts'); // a field made required
  delete doc.paths['/providers/{providerId}'].delete; // an operation removed
  doc.paths['/providers/{providerId}/enrollments'] = {
    // a new operation, below a path we cover
    get: { operationId: 'ListProviderEnrollments', summary: 'List enrollments', parameters: [{ name: 'providerId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } },
  };
  doc.paths['/providers'].post.responses['409'] = { description: 'Conflict' }; // a status code added
  doc.paths['/providers'].get.parameters.push({ name: 'status', in: 'query', required: false, schema: { type: 'string' } }); // a parameter added
  doc.paths['/documents'] = { get: { operationId: 'ListDocuments', summary: 'Out of scope', responses: { '200': { description: 'ok' } } } }; // not below our paths: ignored
  return doc;
}

const server = useLoopbackServer();
const serve = (path: string, doc: unknown): string => {
  server.script(`GET ${path}`, reply(200, doc));
  return `${server.url}${path}`;
};

const only = (reports: VendorReport[]): VendorReport => {
  expect(reports).toHaveLength(1);
  return reports[0]!;
};
const find = (report: VendorReport, kind: ReportItem['kind']): ReportItem[] => report.drift.filter((d) => d.kind === kind);

describe('drift: OpenAPI documents from a loopback server', () => {
  it('a vendor document equal to our spec shows no drift (Stedi and CertifyOS)', async () => {
    const upstreams = { stedi: serve('/stedi.json', spec('stedi')), certifyos: serve('/certifyos.json', spec('certifyos')) };
    const reports = await runDrift({ root: ROOT, vendors: ['stedi', 'certifyos'], upstreams });
    for (const report of reports) {
      expect(report.status, renderText([report])).toBe('clean');
      expect(report.operations.found).toBe(report.operations.covered);
      expect(report.compared).toContain('response status codes');
    }
    expect(server.count('GET /stedi.json')).toBe(1);
  });

  it('each known edit is reported once, with the severity and words of the regen classifier', async () => {
    const report = only(await runDrift({ root: ROOT, vendors: ['stedi'], upstreams: { stedi: serve('/enrollment.json', editedStedi()) } }));
    expect(report.status).toBe('drift');
    expect(report.operations).toEqual({ covered: operationsIn('stedi'), found: operationsIn('stedi') - 1 });

    const [removed] = find(report, 'operation-missing');
    expect(removed).toMatchObject({ bump: 'major', operation: 'deleteProvider' });
    expect(removed?.changes).toContain('`deleteProvider`: was removed (DELETE /providers/{providerId})');

    const [required] = find(report, 'field-required');
    expect(required).toMatchObject({ bump: 'major', operation: 'updateProvider', vendorSays: 'requires request field `contacts`' });
    expect(required?.changes).toContain('`updateProvider`: request field `contacts` is now required');

    // One shared schema (TaxIdType) seen from every operation that uses it: one item.
    const values = find(report, 'values-added');
    expect(values).toHaveLength(1);
    expect(values[0]?.bump).toBe('minor');
    expect(values[0]?.operation.split(', ')).toEqual(expect.arrayContaining(['createProvider', 'getProvider']));
    expect(values[0]?.changes).toContain('`createProvider`: request field `taxIdType` accepts `ITIN`');

    const [added] = find(report, 'operation-new');
    expect(added).toMatchObject({ bump: 'minor', operation: 'GET /2024-09-01/providers/{providerId}/enrollments' });
    expect(added?.changes.join('\n')).toMatch(/`listProviderEnrollments`: was added \(GET \/providers\/\{providerId\}\/enrollments\)/);

    expect(find(report, 'status-new')).toEqual([expect.objectContaining({ bump: 'minor', operation: 'createProvider', changes: ['`createProvider`: now documents a `409` response'] })]);
    expect(find(report, 'parameter-new')).toEqual([expect.objectContaining({ bump: 'minor', operation: 'listProviders', changes: ['`listProviders`: new optional query parameter `status`'] })]);

    // Nothing else: /documents is not below a path we cover.
    expect(report.drift.map((d) => d.kind).sort()).toEqual(['field-required', 'operation-missing', 'operation-new', 'parameter-new', 'status-new', 'values-added']);
    expect(report.drift.map((d) => d.bump)).toEqual(['major', 'major', 'minor', 'minor', 'minor', 'minor']);

    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| major | `deleteProvider` | has no DELETE /2024-09-01/providers/{providerId}');
  });

  it('an operation whose removal would stop the client from generating (the token endpoint) is major', async () => {
    const doc = spec('certifyos');
    delete doc.paths['/auth-tokens/v2/api'];
    const report = only(await runDrift({ root: ROOT, vendors: ['certifyos'], upstreams: { certifyos: serve('/certifyos-no-token.json', doc) } }));
    expect(report.drift).toEqual([expect.objectContaining({ kind: 'operation-missing', bump: 'major', changes: ['the spec would no longer build a client: the generator rejects it'] })]);
  });

  it('the spec\'s allow-list keeps explained departures quiet, and reports unexplained entries', async () => {
    const root = tempDir('careapis-drift-allow-');
    mkdirSync(join(root, 'specs'));
    const doc = spec('stedi');
    doc.components.schemas.TaxIdType['x-careapis-drift-allow'] = { enum: ['ITIN'] };
    doc.components.schemas.TaxIdType.description = 'We leave ITIN out on purpose: Stedi rejects it for providers.';
    const del = doc.paths['/providers/{providerId}'].delete;
    del['x-careapis-drift-allow'] = { absent: true };
    delete del.description;
    delete del.summary;
    doc.info['x-careapis-upstream'].ignore = [{ operation: 'GET /2024-09-01/providers/{id}/enrollments', reason: 'Enrollments belong to another client.' }];
    expect(checkExtensions(doc)).toEqual([]);
    writeFileSync(join(root, 'specs', 'stedi.yaml'), stringify(doc));

    const report = only(await runDrift({ root, upstreams: { stedi: serve('/allow.json', editedStedi()) } }));
    expect(report.allowed).toHaveLength(2);
    expect(report.allowed).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'values-added', reason: 'We leave ITIN out on purpose: Stedi rejects it for providers.' }),
      expect.objectContaining({ kind: 'operation-new', reason: 'Enrollments belong to another client.' }),
    ]));
    expect(find(report, 'values-added')).toEqual([]);
    // The entry on deleteProvider has no description to explain it: it allows nothing, and says so.
    expect(find(report, 'operation-missing')).toHaveLength(1);
    expect(report.notes.join('\n')).toContain('/paths/~1providers~1{providerId}/delete has no `description`');
    expect(report.status).toBe('drift');
  });

  it('the generator checks both extensions: where they stand and what their values look like', () => {
    const doc = spec('stedi');
    expect(checkExtensions(doc)).toEqual([]);
    doc.info['x-careapis-upstream'] = { format: 'wsdl', url: 'https://example.invalid' };
    doc.servers[0]['x-careapis-upstream'] = { format: 'none', reason: 'x' };
    doc.components.schemas.TaxIdType['x-careapis-drift-allow'] = { enums: ['ITIN'] };
    expect(checkExtensions(doc).map((p) => p.pointer).sort()).toEqual(['/components/schemas/TaxIdType/x-careapis-drift-allow', '/info/x-careapis-upstream', '/servers/0/x-careapis-upstream']);
  });

  it('every spec says where its vendor publishes a description, or why there is none', async () => {
    for (const file of readdirSync(join(ROOT, 'specs')).filter((f) => f.endsWith('.yaml'))) {
      expect(spec(file.replace('.yaml', '')).info['x-careapis-upstream']?.format, file).toMatch(/^(openapi|candidhealth-sdk|none)$/);
    }
    const reports = await runDrift({ root: ROOT, vendors: ['carecycle', 'telehealth'] });
    for (const r of reports) {
      expect(r.status).toBe('no-upstream');
      expect(r.upstream.reason).toBeTruthy();
    }
    expect(renderText(reports)).toContain('no upstream');
  });

  it('an unreadable description is an error for that vendor, not a crash', async () => {
    const report = only(await runDrift({ root: ROOT, vendors: ['stedi'], upstreams: { stedi: `${server.url}/missing.json` } }));
    expect(report.status).toBe('error');
    expect(report.notes.join('\n')).toContain('HTTP 404');
  });
});

describe('npm run drift (the CLI)', () => {
  /** Runs the CLI in a child process (asynchronously: the loopback server answers from this one). */
  const cli = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((done, fail) => {
      const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts/src/drift/cli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', fail);
      child.once('close', (status) => done({ status, stdout, stderr }));
    });

  it('exits 1 on drift and prints JSON with --json; writes one Markdown file per vendor', async () => {
    const url = serve('/cli.json', editedStedi());
    const out = tempDir('careapis-drift-md-');
    const run = await cli('--vendor', 'stedi', '--upstream', `stedi=${url}`, '--json', '--markdown', out);
    expect(run.status, run.stderr).toBe(1);
    const reports = JSON.parse(run.stdout) as VendorReport[];
    expect(reports.map((r) => [r.vendor, r.status, r.drift.length])).toEqual([['stedi', 'drift', 6]]);
    expect(readFileSync(join(out, 'stedi.md'), 'utf8')).toContain('requires request field `contacts`');
  });

  it('exits 0 when nothing drifted, and 2 on a bad option', async () => {
    const url = serve('/clean.json', spec('stedi'));
    const clean = await cli('--vendor', 'stedi', '--upstream', `stedi=${url}`);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('No drift.');
    expect((await cli('--vendor', 'nope')).status).toBe(2);
    expect((await cli('--upstream', 'stedi')).status).toBe(2);
  });
});

describe('drift: Candid, read from the candidhealth SDK', () => {
  const SDK = join(ROOT, 'node_modules', 'candidhealth');

  /** A copy of the package that links every file except `edits`, which are written anew. */
  function overlay(edits: Record<string, (text: string) => string>): string {
    const dir = join(tempDir('careapis-drift-sdk-'), 'candidhealth');
    const realDirs = new Set<string>(['']);
    for (const file of Object.keys(edits)) for (let d = dirname(file); d !== '.'; d = dirname(d)) realDirs.add(d);
    const mirror = (rel: string): void => {
      mkdirSync(join(dir, rel), { recursive: true });
      for (const entry of readdirSync(join(SDK, rel))) {
        const child = rel ? `${rel}/${entry}` : entry;
        if (realDirs.has(child)) mirror(child);
        else if (edits[child]) writeFileSync(join(dir, child), edits[child](readFileSync(join(SDK, child), 'utf8')));
        else symlinkSync(join(SDK, child), join(dir, child));
      }
    };
    mirror('');
    return dir;
  }

  it('the installed SDK (the version the spec follows) matches our spec: every operation found, no drift', async () => {
    const report = only(await runDrift({ root: ROOT, vendors: ['candid'] }));
    expect(report.status, renderText([report])).toBe('clean');
    expect(report.operations).toEqual({ covered: operationsIn('candid'), found: operationsIn('candid') });
    expect(report.compared).not.toContain('response status codes');
    expect(report.notes).toContain('status codes not compared: this format does not state them');
  });

  it('a new enum value in a wire type and a query parameter dropped by a client are drift', async () => {
    const dir = overlay({
      'serialization/resources/contracts/resources/v2/types/ContractStatus.d.ts': (t) => t.replace('"cancelled"', '"cancelled" | "terminated"'),
      'api/resources/contracts/resources/v2/client/Client.js': (t) => t.replace(/\n\s*sort_direction: sortDirection != null[\s\S]*?: undefined,/, ''),
      'package.json': (t) => t.replace('"version": "1.33.0"', '"version": "1.34.0"'),
    });
    const report = only(await runDrift({ root: ROOT, vendors: ['candid'], upstreams: { candid: dir } }));
    expect(report.upstream.version).toBe('1.34.0');
    expect(report.notes.join('\n')).toContain('the SDK read is candidhealth 1.34.0; the spec follows 1.33.0');
    expect(find(report, 'parameter-missing')).toEqual([expect.objectContaining({ bump: 'major', operation: 'listContracts', changes: ['`listContracts`: query parameter `sort_direction` was removed'] })]);
    const [status] = find(report, 'values-added');
    expect(status?.bump).toBe('minor');
    expect(status?.changes.join('\n')).toContain('`terminated`');
    expect(report.drift, renderText([report])).toHaveLength(2);
  });
});
