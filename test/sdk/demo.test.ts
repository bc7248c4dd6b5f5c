/**
 * The `npm start` demo, run as users run it (without the regenerate/build steps of start.ts):
 * every vendor's workflow through @careapis/sdk against Prism mocks of the specs.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { VENDORS } from '@careapis/sdk';
import { describe, expect, it } from 'vitest';
import { useLoopbackServer } from '../support/loopback-server.js';
import { byPath } from './answers.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the demo with `args`; interrupts its whole process group after `ms` (the test then fails on the exit code). */
function demo(args: string[], ms: number): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/src/cli/demo.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGINT'), ms);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The mock server URLs the demo printed on its first line. */
function mockUrls(stdout: string): string[] {
  return [...(stdout.split('\n')[0] ?? '').matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((m) => m[0]);
}

/** True when nothing listens at `url` any more. */
async function stopped(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    () => false,
    () => true,
  );
}

const CALLS = {
  stedi: ['createProvider', 'getProvider', 'listProviders', 'createEnrollment', 'getEnrollment'],
  certifyos: ['bulkCreateProviders', 'updateProvider', 'createProvider', 'startCredentialingWorkflow', 'listCredentialingWorkflowTimelines'],
  telehealth: ['registerProvider', 'getProviderAppointmentSlots'],
  carecycle: ['createCustomerProvider', 'updateCustomerProvider'],
  candid: ['createOrganizationProvider', 'createProviderCredentialingSpan', 'createContractV3', 'addContractProviders', 'getContractV3'],
} as const;

const callLine = (vendor: string, operation: string): RegExp => new RegExp(`^${vendor} +${operation} +2\\d\\d +\\d+ ms$`, 'm');

const server = useLoopbackServer({ respond: byPath });

describe('demo', () => {
  it('runs the whole workflow against one mock per vendor, prints every call and a summary, stops the mocks, exits 0', async () => {
    const run = await demo([], 240_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    // Every vendor of the facade gets a mock; a vendor (a new spec) without a demo step yet is reported.
    const withoutStep = VENDORS.filter((v) => !(v in CALLS));
    expect(run.stdout).toMatch(new RegExp(`^${VENDORS.length} mock servers up in \\d+ ms`));
    const lines = run.stdout.trim().split('\n');
    const printed = lines.slice(1, -1).filter((l) => !l.startsWith('note:')).map((l) => l.split(/ +/).slice(0, 2).join('.'));
    expect(printed).toEqual(Object.entries(CALLS).flatMap(([vendor, ops]) => ops.map((op) => `${vendor}.${op}`)));
    for (const [vendor, ops] of Object.entries(CALLS)) for (const op of ops) expect(run.stdout).toMatch(callLine(vendor, op));
    if (withoutStep.length) expect(run.stdout).toContain(`note: no demo step for ${withoutStep.join(', ')} yet`);
    // Two token mints: certifyos and candid authenticate with client credentials.
    const order = [...Object.keys(CALLS), ...withoutStep].join(', ');
    expect(lines.at(-1)).toMatch(new RegExp(`^ok: 19 calls to ${VENDORS.length} vendors \\(${order}\\) in \\d+ ms; 21 HTTP requests, including ones the clients made on their own: certifyos\\.\\w+, candid\\.\\w+$`));
    expect(run.stdout + run.stderr).not.toMatch(/demo-secret|demo-token|cc_demo_key|demo-stedi-key/);
    const urls = mockUrls(run.stdout);
    expect(urls).toHaveLength(VENDORS.length);
    for (const url of urls) expect(await stopped(url), url).toBe(true);
  }, 300_000);

  it('--vendor runs one vendor against one mock', async () => {
    const run = await demo(['--vendor', 'carecycle'], 120_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^1 mock server up in \d+ ms \(carecycle http:\/\/127\.0\.0\.1:\d+\)/);
    for (const op of CALLS.carecycle) expect(run.stdout).toMatch(callLine('carecycle', op));
    expect(run.stdout).not.toMatch(/^(stedi|certifyos|telehealth|candid) /m);
    expect(run.stdout).toMatch(/^ok: 2 calls to 1 vendor \(carecycle\)/m);
  }, 150_000);

  it('a failing call exits 1 naming it, without printing a credential', async () => {
    const before = server.requests.length;
    const run = await demo(['--vendor', 'stedi', '--base-url', `stedi=${server.url}/unavailable`], 60_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/^0 mock servers up/);
    expect(run.stdout).toMatch(/^stedi +createProvider +503 +\d+ ms$/m);
    expect(run.stdout).not.toMatch(/getProvider|^ok:/m);
    expect(run.stderr).toContain('failed: stedi.createProvider: HTTP 503');
    expect(run.stdout + run.stderr).not.toContain('demo-stedi-key');
    // createProvider is not idempotent: one attempt, no retry.
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /unavailable/providers']);
    expect(server.requests.at(-1)?.headers.authorization).toBe('demo-stedi-key');
  }, 90_000);

  it('an unknown vendor is a usage error', async () => {
    const run = await demo(['--vendor', 'nope'], 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`unknown vendor "nope"; expected one of ${[...Object.keys(CALLS), ...VENDORS.filter((v) => !(v in CALLS))].join(', ')}`);
    expect(run.stdout).toBe('');
  }, 90_000);
});
