/**
 * The bulk runner of @careapis/bulk against loopback servers: one outcome per item (ok, vendor
 * error with its body, gave up, failed), batch answers split into per-item outcomes (CertifyOS's
 * 207), bounded concurrency, progress, the journal (a re-run skips what succeeded, never re-sends
 * what may have gone through, survives a kill), and clear errors for bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCarecycleClient, vendor as carecycle } from '@careapis/carecycle';
import { bulkCreateProviders, createCertifyosBase, type CreateProvider } from '@careapis/certifyos';
import { BulkError, inProcessLimiter, LimiterError, redisLimiter, runBulk, type BulkOptions, type BulkProgress, type ItemOutcome, type SendContext } from '@careapis/bulk';
import { freePort } from '../../scripts/src/mock/ports.js';
import { reply, reset, slow, useLoopbackServer, type Answer, type RecordedRequest } from '../support/loopback-server.js';
import { CC_KEY, CUSTOMER } from './helpers.js';
import { startWorker } from './workers.js';

const server = useLoopbackServer();
const ROUTE = `POST /v2/customers/${CUSTOMER}/providers`;
const dir = mkdtempSync(join(tmpdir(), 'careapis-bulk-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const journalPath = (): string => join(dir, `journal-${++files}.jsonl`);

interface Input {
  providerType: 'Specialist';
  providerName: string;
  npi: string;
}
const inputs = (count: number, from = 0): Input[] => Array.from({ length: count }, (_, i) => ({ providerType: 'Specialist', providerName: `Provider ${from + i}`, npi: String(1000000000 + from + i) }));
const numberOf = (request: RecordedRequest): number => Number((JSON.parse(request.body) as Input).providerName.split(' ')[1]);
const client = (): ReturnType<typeof createCarecycleClient> => createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, retry: { initialDelayMs: 1, maxDelayMs: 2 } });

/** careCycle's answer per provider number: 3, 13, 23 … refused (422); 7, 17 … 503; 9 reset; the rest created. */
function vendorRules(request: RecordedRequest): Answer {
  const n = numberOf(request);
  if (n % 10 === 3) return reply(422, { code: 'VALIDATION_ERROR', message: 'npi is not valid' });
  if (n % 10 === 7) return reply(503, { code: 'INTERNAL_ERROR', message: 'try later' });
  if (n === 9) return reset();
  return reply(201, { id: `p${n}` });
}

type OnboardOptions = BulkOptions<Input, unknown> & { send(input: Input, context: SendContext): Promise<unknown> };

/** One careCycle run over `items` with the client and the options every test shares. */
function onboard(items: Input[], extra: Partial<OnboardOptions> = {}) {
  const c = client();
  const options: OnboardOptions = {
    operation: 'carecycle.createCustomerProvider',
    inputs: items,
    key: (p) => p.npi,
    concurrency: 3,
    send: (p, { signal }) => c.createCustomerProvider({ id: CUSTOMER, body: p }, { signal }),
    ...extra,
  };
  return runBulk(options);
}

const byState = <D>(outcomes: ItemOutcome<D>[], state: ItemOutcome<D>['state']): number[] => outcomes.filter((o) => o.state === state).map((o) => o.index);

describe('runBulk: one outcome per item', () => {
  it('ok with the data, vendor error with status and body, gave up with attempts, each item exactly once', async () => {
    server.script(ROUTE, vendorRules);
    const report = await onboard(inputs(20));
    expect(report.outcomes).toHaveLength(20);
    report.outcomes.forEach((o, i) => {
      expect(o.index).toBe(i);
      expect(o.key).toBe(String(1000000000 + i));
    });
    expect(byState(report.outcomes, 'vendor-error')).toEqual([3, 13]);
    expect(byState(report.outcomes, 'gave-up')).toEqual([7, 9, 17]);
    expect(report.counts).toMatchObject({ total: 20, done: 20, ok: 15, vendorError: 2, gaveUp: 3, failed: 0, skipped: 0, uncertain: 0 });
    const refused = report.outcomes[3]!;
    expect(refused).toMatchObject({ state: 'vendor-error', status: 422, body: { code: 'VALIDATION_ERROR', message: 'npi is not valid' } });
    expect(report.outcomes[0]).toEqual({ key: '1000000000', index: 0, state: 'ok', data: { id: 'p0' } });
    // careCycle's create is a POST the spec does not mark idempotent: not retried, one attempt; a 503 answer was not acted on.
    expect(report.outcomes[7]).toMatchObject({ state: 'gave-up', status: 503, attempts: 1, maybeSent: false });
    // A reset connection may have been acted on.
    expect(report.outcomes[9]).toMatchObject({ state: 'gave-up', status: undefined, maybeSent: true });
    const sent = server.on(ROUTE).map(numberOf).sort((a, b) => a - b);
    expect(sent).toEqual(inputs(20).map((_, i) => i));
  });

  it('gave up after the client\'s retries on an operation it may repeat', async () => {
    server.script(`DELETE /v2/customers/${CUSTOMER}/providers/p1`, reply(503, { code: 'INTERNAL_ERROR', message: 'down' }));
    const c = client();
    const report = await runBulk({ operation: 'carecycle.deleteCustomerProvider', inputs: ['p1'], key: (id) => id, send: (id, { signal }) => c.deleteCustomerProvider({ id: CUSTOMER, providerId: id }, { signal }) });
    expect(report.outcomes[0]).toMatchObject({ state: 'gave-up', status: 503, attempts: 3, maybeSent: false });
    expect(server.count()).toBe(3);
  });

  it('an exception in send is a failed item, not a crashed run', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const report = await onboard(inputs(3), {
      send: async (p: Input) => {
        if (p.providerName === 'Provider 1') throw new TypeError('no such field');
        return client().createCustomerProvider({ id: CUSTOMER, body: p });
      },
    });
    expect(report.outcomes.map((o) => o.state)).toEqual(['ok', 'failed', 'ok']);
    expect(report.outcomes[1]).toMatchObject({ message: 'TypeError: no such field' });
  });

  it('keeps at most `concurrency` calls in flight and reports progress after every item', async () => {
    server.script(ROUTE, () => slow(40, 201, { id: 'p' }));
    const seen: BulkProgress[] = [];
    const report = await onboard(inputs(12), { concurrency: 3, onProgress: (p: BulkProgress) => seen.push({ ...p }) });
    expect(report.counts.ok).toBe(12);
    const starts = server.on(ROUTE).map((r) => r.at);
    const overlap = Math.max(...starts.map((t) => starts.filter((u) => u <= t && u > t - 40).length));
    expect(overlap).toBeLessThanOrEqual(3);
    expect(overlap).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toMatchObject({ total: 12, done: 0, inFlight: 0 });
    expect(seen.at(-1)).toMatchObject({ total: 12, done: 12, ok: 12, inFlight: 0 });
    expect(Math.max(...seen.map((p) => p.inFlight))).toBe(3);
    const dones = seen.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(seen.at(-1)!.perSecond).toBeGreaterThan(0);
  });

  it('takes an async iterable (a file read line by line), with `total` for progress', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    async function* lines(): AsyncGenerator<Input> {
      for (const p of inputs(5)) yield p;
    }
    const totals: (number | undefined)[] = [];
    const report = await onboard([], { inputs: lines(), total: 5, onProgress: (p: BulkProgress) => totals.push(p.total) });
    expect(report.counts).toMatchObject({ total: 5, ok: 5 });
    expect(new Set(totals)).toEqual(new Set([5]));
  });
});

describe('runBulk with split: a batch operation, item by item (CertifyOS bulk create, 207)', () => {
  const certifyosProvider = (n: number): CreateProvider => ({ first_name: 'Ada', middle_name: '', last_name: `Test${n}`, degree: 'MD', npi: String(1000000000 + n), states: 'WA', caqh_provider_id: '', external_id: `ext-${n}` });

  /** CertifyOS's answer to one batch: an entry per provider, an error on each whose number ends in 3, 207 when any failed. */
  function certifyosRules(request: RecordedRequest): Answer {
    const batch = JSON.parse(request.body) as CreateProvider[];
    if (batch.some((p) => p.external_id === 'ext-8')) return reply(500, { errors: [{ httpStatus: 500, reason: 'internal' }] });
    if (batch.some((p) => p.external_id === 'ext-11')) return reply(201, batch.slice(1).map((p) => ({ provider_id: `id-${p.external_id}`, error: null })));
    const entries = batch.map((p) => (p.external_id!.endsWith('3') ? { error: { message: 'group_npi must be longer than or equal to 10 characters', name: 'BadRequestException', status: 400 } } : { provider_id: `id-${p.external_id}`, error: null }));
    return reply(entries.some((e) => e.error) ? 207 : 201, entries);
  }

  it('turns each batch answer into per-item outcomes: 207 errors become vendor errors, a failed call fails its whole batch', async () => {
    server.script('POST /auth-tokens/v2/api', reply(200, { access_token: 'tok' }));
    server.script('POST /v2/providers', certifyosRules);
    const certifyos = createCertifyosBase({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret', organizationId: 'org-1' });
    const report = await runBulk({
      operation: 'certifyos.bulkCreateProviders',
      inputs: Array.from({ length: 14 }, (_, i) => certifyosProvider(i)),
      key: (p) => p.external_id!,
      concurrency: 2,
      split: {
        size: 4,
        send: (batch, { signal }) => bulkCreateProviders(certifyos, { body: batch }, { signal }),
        results: (data) => data,
        error: (entry) => entry.error,
      },
    });
    // Batches: 0–3, 4–7, 8–11, 12–13. 8–11 is answered 500. Items 3 and 13 fail inside a 207.
    expect(server.count('POST /v2/providers')).toBe(4);
    expect(byState(report.outcomes, 'ok')).toEqual([0, 1, 2, 4, 5, 6, 7, 12]);
    expect(byState(report.outcomes, 'vendor-error')).toEqual([3, 13]);
    expect(byState(report.outcomes, 'gave-up')).toEqual([8, 9, 10, 11]);
    expect(report.outcomes[3]).toMatchObject({ state: 'vendor-error', status: 400, message: 'BadRequestException: group_npi must be longer than or equal to 10 characters', body: { name: 'BadRequestException' } });
    expect(report.outcomes[0]).toMatchObject({ state: 'ok', data: { provider_id: 'id-ext-0', error: null } });
    expect(report.outcomes[8]).toMatchObject({ state: 'gave-up', status: 500 });
    expect(report.counts).toMatchObject({ total: 14, done: 14, ok: 8, vendorError: 2, gaveUp: 4 });
  });

  it('an answer with the wrong number of entries leaves its items uncertain: which went through is unknown', async () => {
    server.script('POST /auth-tokens/v2/api', reply(200, { access_token: 'tok' }));
    server.script('POST /v2/providers', certifyosRules);
    const certifyos = createCertifyosBase({ baseUrl: server.url, clientId: 'id', clientSecret: 'secret', organizationId: 'org-1' });
    const journal = journalPath();
    const split = { size: 2, send: (batch: CreateProvider[]) => bulkCreateProviders(certifyos, { body: batch }), results: (data: Awaited<ReturnType<typeof bulkCreateProviders>>) => data, error: (entry: { error?: unknown }) => entry.error };
    const items = [certifyosProvider(10), certifyosProvider(11)];
    const first = await runBulk({ operation: 'certifyos.bulkCreateProviders', inputs: items, key: (p) => p.external_id!, journal, split });
    expect(first.outcomes.map((o) => o.state)).toEqual(['gave-up', 'gave-up']);
    expect(first.outcomes[0]).toMatchObject({ maybeSent: true, message: expect.stringContaining('1 result for 2 items') });
    const again = await runBulk({ operation: 'certifyos.bulkCreateProviders', inputs: items, key: (p) => p.external_id!, journal, split });
    expect(again.outcomes.map((o) => o.state)).toEqual(['uncertain', 'uncertain']);
    expect(server.count('POST /v2/providers')).toBe(1);
  });
});

describe('runBulk: the journal', () => {
  it('a re-run skips what succeeded, sends again what failed, and leaves alone what may have gone through', async () => {
    const journal = journalPath();
    server.script(ROUTE, vendorRules);
    const first = await onboard(inputs(20), { journal, keep: (data: unknown) => (data as { id: string }).id });
    expect(first.counts).toMatchObject({ ok: 15, vendorError: 2, gaveUp: 3 });
    server.clear();
    server.script(ROUTE, (request) => reply(201, { id: `p${numberOf(request)}` }));
    const second = await onboard(inputs(20), { journal, keep: (data: unknown) => (data as { id: string }).id });
    // Sent again: the two refused (3, 13) and the two 503s (7, 17). Not 9: its connection was reset mid-request.
    expect(server.on(ROUTE).map(numberOf).sort((a, b) => a - b)).toEqual([3, 7, 13, 17]);
    expect(second.counts).toMatchObject({ total: 20, done: 20, ok: 4, skipped: 15, uncertain: 1 });
    expect(second.outcomes[0]).toEqual({ key: '1000000000', index: 0, state: 'skipped', kept: 'p0' });
    expect(second.outcomes[9]).toMatchObject({ state: 'uncertain', message: expect.stringContaining('may have gone through') });
    server.clear();
    server.script(ROUTE, (request) => reply(201, { id: `p${numberOf(request)}` }));
    const third = await onboard(inputs(20), { journal, retryUncertain: true });
    expect(server.on(ROUTE).map(numberOf)).toEqual([9]);
    expect(third.counts).toMatchObject({ ok: 1, skipped: 19 });
  });

  it('survives a kill: the re-run sends no item the killed run had recorded as succeeded, and accounts for every item once', async () => {
    const journal = journalPath();
    server.script(ROUTE, (request) => slow(15, 201, { id: `p${numberOf(request)}` }));
    const count = 60;
    const worker = startWorker('bulk-run.mjs', { baseUrl: server.url, journal, count, concurrency: 4 });
    await worker.ready;
    worker.go();
    while (server.count(ROUTE) < count / 2) await new Promise((r) => setTimeout(r, 5));
    worker.child.kill('SIGKILL');
    await worker.done.catch(() => undefined);
    const firstRun = server.on(ROUTE).map(numberOf);
    const recorded = readFileSync(journal, 'utf8').trim().split('\n').slice(1).map((line) => JSON.parse(line) as { k: string; s: string });
    const succeeded = new Set(recorded.filter((e) => e.s === 'ok').map((e) => Number(e.k) - 1000000000));
    expect(succeeded.size).toBeGreaterThan(0);
    expect(succeeded.size).toBeLessThan(count);

    server.clear();
    server.script(ROUTE, (request) => reply(201, { id: `p${numberOf(request)}` }));
    const report = await onboard(inputs(count), { journal, concurrency: 4 });
    const secondRun = server.on(ROUTE).map(numberOf);
    for (const n of secondRun) expect(succeeded.has(n), `item ${n} succeeded in the killed run and was sent again`).toBe(false);
    // Every item has exactly one outcome; sent in both runs only if the killed run never recorded its answer.
    expect(report.outcomes).toHaveLength(count);
    expect(report.counts.skipped).toBe(succeeded.size);
    expect(report.counts.skipped + report.counts.ok + report.counts.uncertain).toBe(count);
    const both = secondRun.filter((n) => firstRun.includes(n));
    expect(both).toEqual([]);
    expect(report.counts.uncertain).toBe(firstRun.length - succeeded.size);
  }, 60_000);

  it('refuses the journal of another operation, and a file that is not a journal, before sending anything', async () => {
    const journal = journalPath();
    server.script(ROUTE, reply(201, { id: 'p' }));
    await onboard(inputs(1), { journal });
    server.clear();
    const c = client();
    const other = runBulk({ operation: 'carecycle.deleteCustomerProvider', inputs: ['p1'], key: (id) => id, journal, send: (id) => c.deleteCustomerProvider({ id: CUSTOMER, providerId: id }) });
    await expect(other).rejects.toMatchObject({ name: 'BulkError', code: 'journal-mismatch', message: expect.stringContaining('is the journal of operation "carecycle.createCustomerProvider", not "carecycle.deleteCustomerProvider"') });
    const notJournal = journalPath();
    writeFileSync(notJournal, 'npi,name\n1000000000,Ada\n');
    await expect(onboard(inputs(1), { journal: notJournal })).rejects.toMatchObject({ code: 'journal-mismatch', message: expect.stringContaining('is not a bulk journal') });
    expect(server.count()).toBe(0);
  });

  it('ignores a last line cut short by a kill, and refuses a damaged one in the middle', async () => {
    server.script(ROUTE, reply(201, { id: 'p' }));
    const journal = journalPath();
    await onboard(inputs(2), { journal });
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"k":"10000`);
    server.clear();
    server.script(ROUTE, reply(201, { id: 'p' }));
    await expect(onboard(inputs(2), { journal })).resolves.toMatchObject({ counts: { skipped: 2 } });
    const damaged = journalPath();
    await onboard(inputs(2), { journal: damaged });
    const [header, ...rest] = readFileSync(damaged, 'utf8').trim().split('\n');
    writeFileSync(damaged, `${[header, 'not json', ...rest].join('\n')}\n`);
    await expect(onboard(inputs(2), { journal: damaged })).rejects.toMatchObject({ code: 'journal-corrupt', message: expect.stringContaining('line 2') });
  });
});

describe('runBulk: bad input and limits it cannot meet', () => {
  it('refuses a key seen twice before sending anything, without showing the key', async () => {
    const items = [...inputs(3), inputs(1, 1)[0]!];
    const error = await onboard(items).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkError);
    expect(error).toMatchObject({ code: 'duplicate-key', message: 'inputs 1 and 3 have the same key: keys must be unique (the journal knows items by them)' });
    expect(server.count()).toBe(0);
  });

  it('refuses a concurrency above the limiter\'s budget (careCycle: 60 a minute)', async () => {
    const error = await onboard(inputs(1), { concurrency: 61, limiter: inProcessLimiter(carecycle) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimiterError);
    expect((error as LimiterError).code).toBe('unmeetable');
    expect((error as Error).message).toMatch(/concurrency 61 cannot be met under 60 requests per 60 s \(per key\)/);
    expect(server.count()).toBe(0);
  });

  it.each([
    [{ operation: '' }, /`operation` is required/],
    [{ key: undefined }, /`key` is required/],
    [{ split: { size: 2, send: async () => [], results: () => [] } }, /exactly one of `send`/],
    [{ concurrency: 0 }, /`concurrency` must be a whole number/],
    [{ inputs: 42 as unknown as Input[] }, /`inputs` must be an array/],
    [{ key: () => '' }, /key\(input\) gave an empty string for input 0/],
  ])('refuses bad options %#', async (extra, message) => {
    await expect(onboard(inputs(1), extra as never)).rejects.toThrow(message);
    expect(server.count()).toBe(0);
  });

  it('stops the run when Redis cannot be reached: a clear error, nothing sent, and the items left to send again', async () => {
    const journal = journalPath();
    const port = await freePort();
    const limiter = redisLimiter(carecycle, { redis: `redis://127.0.0.1:${port}`, budget: 'unreachable', connectTimeoutMs: 300 });
    const c = createCarecycleClient({ apiKey: CC_KEY, baseUrl: server.url, limiter });
    const run = runBulk({ operation: 'carecycle.createCustomerProvider', inputs: inputs(10), key: (p) => p.npi, concurrency: 3, limiter, journal, send: (p, { signal }) => c.createCustomerProvider({ id: CUSTOMER, body: p }, { signal }) });
    await expect(run).rejects.toMatchObject({ name: 'LimiterError', code: 'unavailable' });
    await limiter.close();
    expect(server.count()).toBe(0);
    server.script(ROUTE, reply(201, { id: 'p' }));
    const again = await onboard(inputs(10), { journal });
    expect(again.counts).toMatchObject({ ok: 10, uncertain: 0 });
  });

  it('stops when the caller aborts: in-flight calls are cut, and the next run reports them uncertain', async () => {
    const journal = journalPath();
    server.script(ROUTE, (request) => (numberOf(request) < 2 ? reply(201, { id: 'p' }) : slow(5_000, 201, { id: 'late' })));
    const controller = new AbortController();
    const run = onboard(inputs(6), { journal, concurrency: 2, signal: controller.signal, onProgress: (p: BulkProgress) => p.done === 2 && setTimeout(() => controller.abort(new Error('stopped by the operator')), 50) });
    await expect(run).rejects.toThrow('stopped by the operator');
    server.clear();
    server.script(ROUTE, reply(201, { id: 'p' }));
    const again = await onboard(inputs(6), { journal, concurrency: 2 });
    expect(again.counts.skipped).toBe(2);
    expect(again.counts.uncertain).toBe(2);
  });
});
