/**
 * `npm run bulk-demo`: onboards 1,000 providers to careCycle with @careapis/bulk, against a Prism
 * mock of specs/carecycle.yaml (request validation on), with a progress bar. Every 50th provider
 * has a name longer than careCycle allows, so the mock refuses it (422) and the run shows vendor
 * errors next to successes. The client is paced by a limiter; careCycle's published 60 a minute
 * would make the demo last 17 minutes, so it paces to `--rate` requests a second instead (as if
 * your contract allowed that). Run it twice with the same `--journal` to see the re-run skip what
 * succeeded. Exits 0 when every provider has an outcome, 1 otherwise, 2 on a usage error.
 *
 *   npm run bulk-demo -- [--count 1000] [--rate 100] [--concurrency 8] [--journal file] [--redis redis://127.0.0.1:6379] [--base-url url]
 *
 * `--redis` paces through Redis (`redisLimiter`), so several demos started at once share one
 * budget; `--base-url` sends the calls to a server you run instead of starting the mock.
 */
import { parseArgs } from 'node:util';
import { createCarecycleClient, vendor as carecycle, type CreateCustomerProviderArgs, type CreateCustomerProviderResult } from '@careapis/carecycle';
import { inProcessLimiter, progressLine, redisLimiter, runBulk, type BulkProgress, type RateLimiter } from '@careapis/bulk';
import { startMock, type MockServer } from '../mock/prism.js';

const CUSTOMER = '497f6eca-6276-4993-bfeb-53cbbbba6f08';

type Provider = CreateCustomerProviderArgs['body'] & { npi: string };

/** The roster: `count` providers with distinct NPIs; every 50th has a 300-character name (careCycle allows 255). */
function roster(count: number): Provider[] {
  const types = ['Primary Care', 'Specialist', 'Hospital', 'Pharmacy'] as const;
  return Array.from({ length: count }, (_, i) => ({
    providerType: types[i % types.length]!,
    providerName: i % 50 === 49 ? `Dr. ${'X'.repeat(296)}` : `Dr. Demo ${i + 1}`,
    npi: String(1_100_000_000 + i),
    specialty: i % 4 === 1 ? 'Cardiology' : null,
  }));
}

/** Draws the progress bar: redrawn in place on a terminal, a line every tenth otherwise. */
function progressPrinter(): (p: BulkProgress) => void {
  let lastDraw = 0;
  let lastTenth = -1;
  return (p) => {
    const finished = p.total !== undefined && p.done === p.total;
    if (process.stderr.isTTY) {
      const now = performance.now();
      if (!finished && now - lastDraw < 100) return;
      lastDraw = now;
      process.stderr.write(`\r${progressLine(p)}\u001b[K${finished ? '\n' : ''}`);
      return;
    }
    const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 0;
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${progressLine(p)}\n`);
    }
  };
}

async function main(argv: string[]): Promise<number> {
  let values: { count?: string; rate?: string; concurrency?: string; journal?: string; redis?: string; 'base-url'?: string };
  try {
    values = parseArgs({ args: argv, options: { count: { type: 'string' }, rate: { type: 'string' }, concurrency: { type: 'string' }, journal: { type: 'string' }, redis: { type: 'string' }, 'base-url': { type: 'string' } } }).values;
  } catch (error) {
    console.error(`usage: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const count = Number(values.count ?? 1000);
  const rate = Number(values.rate ?? 100);
  const concurrency = Number(values.concurrency ?? 8);
  if (![count, rate, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
    console.error('usage: --count, --rate and --concurrency take whole numbers above 0');
    return 2;
  }

  let mock: MockServer | undefined;
  let limiter: RateLimiter | undefined;
  process.once('SIGINT', () => void Promise.allSettled([mock?.close(), limiter?.close()]).then(() => process.exit(130)));
  try {
    let baseUrl = values['base-url'];
    if (!baseUrl) {
      const t0 = performance.now();
      mock = await startMock('carecycle');
      baseUrl = mock.url;
      console.log(`careCycle mock (Prism, specs/carecycle.yaml) up at ${baseUrl} in ${Math.round(performance.now() - t0)} ms`);
    }
    const limits = [{ requests: rate, windowMs: 1000, scope: 'key' as const }];
    limiter = values.redis ? redisLimiter(carecycle, { redis: values.redis, budget: 'bulk-demo', limits }) : inProcessLimiter(carecycle, { limits });
    const client = createCarecycleClient({ apiKey: 'cc_demo_key', baseUrl, limiter, maxRetries: 1 });
    const published = carecycle.rateLimits?.[0];
    console.log(
      `onboarding ${count} providers, ${concurrency} at a time, paced ${values.redis ? 'through Redis' : 'in-process'} to ${rate}/s (careCycle publishes ${published ? `${published.requests} per ${published.windowMs / 1000} s` : 'no limit'}; the demo pretends your contract allows ${rate}/s)${values.journal ? `, journal ${values.journal}` : ''}`,
    );
    const report = await runBulk({
      operation: 'carecycle.createCustomerProvider',
      inputs: roster(count),
      key: (p) => p.npi,
      concurrency,
      limiter,
      journal: values.journal,
      keep: (created: CreateCustomerProviderResult) => created.id,
      onProgress: progressPrinter(),
      send: (p, { signal }) => client.createCustomerProvider({ id: CUSTOMER, body: p }, { signal }),
    });
    const c = report.counts;
    const refused = report.outcomes.find((o) => o.state === 'vendor-error');
    console.log(`done in ${(report.elapsedMs / 1000).toFixed(1)} s: ok ${c.ok}, skipped (done by an earlier run) ${c.skipped}, vendor error ${c.vendorError}, gave up ${c.gaveUp}, uncertain ${c.uncertain}, failed ${c.failed}; ${c.done} of ${count} accounted for`);
    if (refused?.state === 'vendor-error') console.log(`a vendor error, for example: item ${refused.index + 1}, HTTP ${refused.status}: ${refused.message}`);
    if (values.journal) console.log(`journal: ${values.journal} (run again with the same --journal: what succeeded is skipped)`);
    return c.done === count ? 0 : 1;
  } catch (error) {
    console.error(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await limiter?.close();
    await mock?.close();
  }
}

process.exit(await main(process.argv.slice(2)));
