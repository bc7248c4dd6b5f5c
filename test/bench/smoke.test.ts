/**
 * Every benchmark runs: one tiny iteration of each module (`quick`), which must return a section with a
 * Markdown table, and the runner renders those sections. The figures themselves are not judged here:
 * benchmarks never fail CI on a slow machine (`npm run bench` measures; bench/RESULTS.md records).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES, machineLines, renderResults, runModule, type ModuleResult } from '../../bench/run.js';
import { ROOT } from '../../bench/measure.js';

/** Each quick run spawns real processes (the generator, openapi-typescript, servers) on a possibly busy 2-core machine. */
const QUICK_RUN_TIMEOUT = 300_000;

/** One or more tables (separated by a blank line): each a header, a separator, at least one row, and the same number of cells on every line. */
function expectTable(text: string): void {
  for (const table of text.trim().split(/\n\s*\n/)) {
    const lines = table.trim().split('\n');
    expect(lines.length, table).toBeGreaterThanOrEqual(3);
    expect(lines[1], table).toMatch(/^\|(\s*:?-{3,}:?\s*\|)+$/);
    const cells = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
    for (const line of lines) expect(cells(line), line).toBe(cells(lines[0]!));
  }
}

describe('benchmarks: quick smoke runs', () => {
  const results: ModuleResult[] = [];

  for (const { file } of MODULES) {
    const present = existsSync(join(ROOT, 'bench', file));
    it.skipIf(!present)(
      `bench/${file} runs once and returns a table`,
      async () => {
        const result = await runModule(file, true);
        results.push(result);
        expect(result.problem?.message).toBeUndefined();
        expect(result.section?.title).toBeTruthy();
        expectTable(result.section?.table ?? '');
        if (file === 'runtime.ts') {
          // Every client is measured against the loopback server, each row with its numbers.
          const rows = (result.section?.table ?? '').split('\n').slice(2);
          expect(rows.map((row) => row.split('|')[1]?.trim())).toEqual(['raw `fetch`', 'bare openapi-fetch', '`@careapis/candid` (client credentials, retries, timeout)', '`candidhealth` 1.33 (official SDK)']);
          for (const row of rows) expect(row).toMatch(/\| \d+ \| \d+\.\d\d× \|/);
          expect(result.section?.notes?.join('\n')).toContain('not judged in quick mode');
        }
      },
      QUICK_RUN_TIMEOUT,
    );
  }

  it('the runner renders every section, and a missing module as skipped', () => {
    const missing: ModuleResult = { file: 'size.ts', problem: { kind: 'missing', message: 'bench/size.ts does not exist yet: skipped' }, ms: 0 };
    const text = renderResults([...results, missing], machineLines(new Date(0), 0), true);
    expect(text).toContain('- Node: ' + process.version);
    expect(text).toContain('bench/size.ts does not exist yet');
    for (const r of results) expect(text).toContain(`## ${r.section?.title}`);
    expect(results.length).toBeGreaterThan(0);
  });
});
