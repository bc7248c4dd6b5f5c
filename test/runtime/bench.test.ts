/** The runtime benchmark runs (quick mode): it cannot rot unnoticed. It measures nothing here. */
import { expect, it } from 'vitest';
import { run } from '../../bench/runtime.js';

it('bench/runtime.ts runs every client against its loopback server and returns a table', async () => {
  const section = await run({ quick: true });
  expect(section.title).toMatch(/runtime/i);
  const rows = section.table.split('\n').slice(2);
  expect(rows.map((row) => row.split('|')[1]?.trim())).toEqual([
    'raw `fetch`',
    'bare openapi-fetch',
    '`@careapis/candid` (client credentials, retries, timeout)',
    '`candidhealth` 1.33 (official SDK)',
  ]);
  for (const row of rows) expect(row).toMatch(/\| \d+ \| \d+\.\d\d× \|/);
  expect(section.notes?.join('\n')).toContain('not judged in quick mode');
});
