/**
 * The GitHub Actions workflows, checked by action-validator (from npm: the JSON schema of
 * workflow files), then for the steps the project relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT } from './temp-repo.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, { branches?: string[]; paths?: string[] } | null>;
  jobs: Record<string, { strategy?: { matrix?: { node?: number[] } }; steps: Step[] }>;
}

const read = (name: string): string => readFileSync(join(PROJECT, '.github/workflows', name), 'utf8');
const steps = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = (workflow: Workflow): string => steps(workflow).map((s) => s.run ?? '').join('\n');
const uses = (workflow: Workflow, action: string): Step | undefined => steps(workflow).find((s) => s.uses?.startsWith(`${action}@`));

describe('workflow files', () => {
  it.each(['ci.yml', 'regenerate.yml', 'release.yml'])('%s passes action-validator', (name) => {
    const result = validateWorkflow(read(name));
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toEqual([]);
  });

  it('action-validator rejects a broken workflow (the check above can fail)', () => {
    const broken = read('ci.yml').replace('runs-on:', 'runs_on:');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('ci.yml: every push and pull request, Node 20/22/24, the checks of npm test, turbo cache in actions/cache', () => {
    const ci = parse(read('ci.yml')) as Workflow;
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.jobs.test?.strategy?.matrix?.node).toEqual([20, 22, 24]);
    const commands = runs(ci);
    for (const command of ['npm ci', 'npm run lint:specs', 'npm run generate -- --check', 'npm run build', 'npm run typecheck', 'npx vitest run']) expect(commands).toContain(command);
    expect(uses(ci, 'actions/cache')?.with?.path).toBe('.turbo/cache');
  });

  it('regenerate.yml: on spec pushes to main and by hand, runs npm run regen, opens a pull request', () => {
    const regen = parse(read('regenerate.yml')) as Workflow;
    expect(regen.on.push?.branches).toEqual(['main']);
    expect(regen.on.push?.paths).toEqual(['specs/**']);
    expect(regen.on).toHaveProperty('workflow_dispatch');
    expect(runs(regen)).toContain('npm run regen -- "$@"');
    expect(runs(regen)).toContain('--since-generated');
    expect(uses(regen, 'peter-evans/create-pull-request')?.with?.['add-paths']).toContain('.changeset/**');
  });

  it('release.yml: changesets/action versions and publishes after a merge to main', () => {
    const release = parse(read('release.yml')) as Workflow;
    expect(release.on.push?.branches).toEqual(['main']);
    const action = uses(release, 'changesets/action');
    expect(action?.with?.publish).toBe('npx changeset publish');
    expect(String(action?.with?.version)).toContain('changeset version');
  });
});
