/**
 * `npm run bulk-demo` (scripts/src/cli/bulk-demo.ts), run as users run it, smaller: providers
 * onboarded to a Prism mock of careCycle with a progress bar; the second run with the same journal
 * skips what the first one onboarded and sends again only what the mock refused.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'careapis-bulk-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/src/cli/bulk-demo.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe('npm run bulk-demo', () => {
  it('onboards the roster with a progress bar, and a re-run from the journal skips what succeeded', async () => {
    const journal = join(dir, 'demo.jsonl');
    const first = await demo(['--count', '120', '--rate', '400', '--journal', journal]);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    expect(first.stdout).toMatch(/careCycle mock \(Prism, specs\/carecycle\.yaml\) up at http:\/\/127\.0\.0\.1:\d+/);
    // Providers 50 and 100 have names longer than careCycle allows: the mock (request validation on) refuses them.
    expect(first.stdout).toContain('ok 118, skipped (done by an earlier run) 0, vendor error 2, gave up 0, uncertain 0, failed 0; 120 of 120 accounted for');
    expect(first.stdout).toMatch(/item 50, HTTP 422/);
    expect(first.stderr).toMatch(/\[#{30}\] 100% 120\/120 {2}ok 118 · vendor error 2/);
    const second = await demo(['--count', '120', '--rate', '400', '--journal', journal]);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(second.stdout).toContain('ok 0, skipped (done by an earlier run) 118, vendor error 2');
  }, 120_000);

  it('refuses a bad count with a usage error', async () => {
    const run = await demo(['--count', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage: --count, --rate and --concurrency take whole numbers above 0/);
  });
});
