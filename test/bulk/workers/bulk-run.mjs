// A worker process for the journal tests and the bulk benchmark: onboards `count` careCycle
// providers with runBulk (journal on), prints "ready", waits for "go" on stdin, and prints the
// report's counts as JSON when done. Killed mid-run by the test to check what a re-run does.
import { createInterface } from 'node:readline';
import { createCarecycleClient } from '@careapis/carecycle';
import { runBulk } from '@careapis/bulk';

const { baseUrl, journal, count, concurrency = 4, operation = 'carecycle.createCustomerProvider', retryUncertain = false } = JSON.parse(process.argv[2]);
const client = createCarecycleClient({ apiKey: 'cc_worker_key', baseUrl, maxRetries: 0 });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
lines.close();

const inputs = Array.from({ length: count }, (_, i) => ({ providerType: 'Specialist', providerName: `Provider ${i}`, npi: String(1000000000 + i) }));
const report = await runBulk({
  operation,
  inputs,
  key: (p) => p.npi,
  concurrency,
  journal,
  retryUncertain,
  keep: (data) => data.id,
  send: (p, { signal }) => client.createCustomerProvider({ id: '3f0e1c9a-8b7d-4e6f-9a2b-1c3d5e7f9a0b', body: p }, { signal }),
});
process.stdout.write(`${JSON.stringify(report.counts)}\n`);
