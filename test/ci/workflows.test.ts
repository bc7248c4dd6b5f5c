/**
 * The CI wiring of issue 26, checked like the other workflows (action-validator, then the steps
 * the project relies on), and the shell in those steps run for real: the remote-cache switch in
 * ci.yml with and without the settings, and drift.yml's issue step with a stand-in `gh` that
 * records what it was asked to do.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const read = (name: string): string => readFileSync(join(ROOT, '.github/workflows', name), 'utf8');
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
const step = (w: Workflow, name: string): Step => {
  const found = steps(w).find((s) => s.name === name);
  if (!found) throw new Error(`no step "${name}"`);
  return found;
};

const temps: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'careapis-ci-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Runs a step's shell as Actions would (bash -e), with GITHUB_ENV and GITHUB_OUTPUT files. */
function runStep(script: string, env: Record<string, string>, path?: string): { code: number; stdout: string; githubEnv: string; githubOutput: string } {
  const dir = temp();
  const files = { GITHUB_ENV: join(dir, 'env'), GITHUB_OUTPUT: join(dir, 'output') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const result = spawnSync('bash', ['-e', '-c', script], { env: { PATH: path ?? process.env.PATH ?? '', RUNNER_TEMP: dir, ...files, ...env }, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout + result.stderr, githubEnv: readFileSync(files.GITHUB_ENV, 'utf8'), githubOutput: readFileSync(files.GITHUB_OUTPUT, 'utf8') };
}

describe('ci.yml: turbo remote cache when configured, the Actions cache otherwise', () => {
  const ci = parse(read('ci.yml')) as Workflow;
  const remote = step(ci, 'Turbo remote cache (when configured)');

  it('passes action-validator', () => {
    expect(validateWorkflow(read('ci.yml')).errors).toEqual([]);
  });

  it('reads the settings from repository variables and a secret; the Actions cache step runs only without them', () => {
    expect(remote.env).toEqual({ API: '${{ vars.TURBO_API }}', TEAM: '${{ vars.TURBO_TEAM }}', TOKEN: '${{ secrets.TURBO_TOKEN }}' });
    const cache = steps(ci).find((s) => s.uses?.startsWith('actions/cache@'));
    expect(cache?.with?.path).toBe('.turbo/cache');
    expect(cache?.if).toBe(`steps.${remote.id}.outputs.enabled != 'true'`);
    // The switch comes before anything turbo runs.
    const names = steps(ci).map((s) => s.name ?? s.run ?? s.uses);
    expect(names.indexOf(remote.name)).toBeLessThan(names.indexOf('Build'));
  });

  it('self-hosted: exports TURBO_API, TURBO_TEAM and TURBO_TOKEN for the later steps', () => {
    const r = runStep(remote.run ?? '', { API: 'https://cache.example.invalid', TEAM: 'careapis', TOKEN: 't0ken' });
    expect(r.code).toBe(0);
    expect(r.githubEnv.split('\n').filter(Boolean).sort()).toEqual(['TURBO_API=https://cache.example.invalid', 'TURBO_TEAM=careapis', 'TURBO_TOKEN=t0ken']);
    expect(r.githubOutput).toBe('enabled=true\n');
    expect(r.stdout).not.toContain('t0ken');
  });

  it("Vercel's cache: no TURBO_API is exported (turbo's default API is used)", () => {
    const r = runStep(remote.run ?? '', { API: '', TEAM: 'careapis', TOKEN: 't0ken' });
    expect(r.githubEnv).not.toContain('TURBO_API');
    expect(r.githubOutput).toBe('enabled=true\n');
  });

  it('nothing configured (or a fork without secrets): exports nothing, the Actions cache is used', () => {
    for (const env of [{ API: '', TEAM: '', TOKEN: '' }, { API: 'https://cache.example.invalid', TEAM: 'careapis', TOKEN: '' }]) {
      const r = runStep(remote.run ?? '', env);
      expect(r.githubEnv).toBe('');
      expect(r.githubOutput).toBe('enabled=false\n');
    }
  });
});

describe('drift.yml: weekly and by hand, one issue per vendor', () => {
  const drift = parse(read('drift.yml')) as Workflow;

  it('passes action-validator, and action-validator can fail', () => {
    expect(validateWorkflow(read('drift.yml')).errors).toEqual([]);
    expect(validateWorkflow(read('drift.yml').replace('runs-on:', 'runs_on:')).errors.length).toBeGreaterThan(0);
  });

  it('runs on a weekly schedule and by hand, with the rights to write issues only', () => {
    expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((drift.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\S+ \S+ \* \* [0-6]$/);
    expect(drift.permissions).toEqual({ contents: 'read', issues: 'write' });
  });

  it('reads the newest Candid SDK with npm pack and runs npm run drift with --json and --markdown', () => {
    expect(step(drift, 'Newest Candid SDK').run).toContain('npm pack candidhealth@latest');
    const run = step(drift, 'Compare with the vendors\' descriptions').run ?? '';
    expect(run).toContain('npm run --silent drift -- "$@"');
    expect(run).toContain('--json --markdown');
    expect(run).toContain('--upstream "candid=$CANDID_SDK"');
  });

  it('the issue step opens, updates and closes one issue per vendor (run with a stand-in gh)', () => {
    const dir = temp();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    mkdirSync(join(dir, 'bodies'));
    const log = join(dir, 'gh.log');
    // Open issues: #3 for candid, #7 for certifyos.
    writeFileSync(
      join(bin, 'gh'),
      `#!/usr/bin/env bash
echo "$*" >> ${JSON.stringify(log)}
if [ "$1 $2" = "issue list" ]; then
  case "$*" in *"Vendor drift: candid"*) echo 3 ;; *"Vendor drift: certifyos"*) echo 7 ;; esac
fi
exit 0
`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    const reports = [
      { vendor: 'candid', status: 'drift' },
      { vendor: 'carecycle', status: 'no-upstream' },
      { vendor: 'certifyos', status: 'clean' },
      { vendor: 'stedi', status: 'drift' },
      { vendor: 'telehealth', status: 'no-upstream' },
    ];
    writeFileSync(join(dir, 'drift.json'), JSON.stringify(reports));
    const issue = step(drift, 'One issue per vendor');
    const r = runStep(issue.run ?? '', { REPORTS: join(dir, 'drift.json'), BODIES: join(dir, 'bodies'), GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' }, `${bin}:${process.env.PATH ?? ''}`);
    expect(r.code, r.stdout).toBe(0);
    const calls = readFileSync(log, 'utf8').split('\n').filter((l) => l && !l.startsWith('issue list') && !l.startsWith('label'));
    expect(calls).toEqual([
      `issue edit 3 --body-file ${join(dir, 'bodies', 'candid.md')}`,
      'issue close 7 --comment No drift any more (run https://github.example/o/r/actions/runs/1).',
      `issue create --title Vendor drift: stedi --label drift --body-file ${join(dir, 'bodies', 'stedi.md')}`,
    ]);
  });
});
