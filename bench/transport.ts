/**
 * Transport benchmark: the generated client on the fetch path and on the undici transport
 * (`@careapis/core/undici`), against raw `fetch`, raw `fetch` with `AbortSignal.timeout` (what any
 * client with a timeout pays: the fair baseline) and undici's own `request()`, in the same run.
 *
 * The same child-process node:http server as bench/runtime.ts answers Candid's
 * `GET /api/contracts/v2/{contract_id}`: with the spec's contract example (1.8 kB), or, for one
 * contract id, a ~150-byte JSON answer. Sequential rows: median over interleaved rounds of the
 * per-call means, wall and CPU. Then 1,000 concurrent calls per transport, each transport in a
 * fresh process: throughput and peak RSS.
 *
 * Run alone: `npx tsx bench/transport.ts` (add `--quick` for a smoke run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent } from 'undici';
import { createCandidClient } from '@careapis/candid';
import { undiciTransport } from '@careapis/core/undici';
import { FULL, interleaved, median, QUICK, quartiles, type Call } from './measure.js';
import type { Bench, BenchSection } from './types.js';
import { CLIENT_ID, CLIENT_SECRET, CONTRACT_ID, contractBody, startServer, TOKEN } from './runtime.js';

const ROOT = resolve(import.meta.dirname, '..');
const SMALL_ID = '00000000-0000-4000-8000-000000000150';
/** A ~150-byte answer. */
const SMALL = JSON.stringify({ contract_id: SMALL_ID, contracting_provider_id: 'b3f0a2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b', status: 'active', effective: '2024-01-01' });

/** The rows of the sequential table for one answer size: raw fetch (with and without a timeout signal), raw undici, and the generated client on each transport. */
function clients(url: string, id: string, agent: Agent, transport: ReturnType<typeof undiciTransport>): [string, Call][] {
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };
  const target = `${url}/api/contracts/v2/${id}`;
  const onFetch = createCandidClient({ baseUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const onUndici = createCandidClient({ baseUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, transport });
  const ok = (status: number): void => {
    if (status !== 200) throw new Error(`HTTP ${status}`);
  };
  return [
    ['raw `fetch`', async () => { const r = await fetch(target, { headers }); ok(r.status); return r.json(); }],
    ['raw `fetch` + `AbortSignal.timeout`', async () => { const r = await fetch(target, { headers, signal: AbortSignal.timeout(60_000) }); ok(r.status); return r.json(); }],
    ['raw undici `request()` (Agent)', async () => { const r = await agent.request({ origin: url, path: `/api/contracts/v2/${id}`, method: 'GET', headers }); ok(r.statusCode); return JSON.parse(await r.body.text()); }],
    ['`@careapis/candid`, fetch path', () => onFetch.getContract({ contract_id: id })],
    ['`@careapis/candid`, undici transport', () => onUndici.getContract({ contract_id: id })],
  ];
}

/** 1,000 concurrent calls in a fresh process per transport: calls/s (median of rounds) and peak RSS. */
const BURST_SOURCE = (candid: string, undici: string): string => `
import { createCandidClient } from ${JSON.stringify(candid)};
import { undiciTransport } from ${JSON.stringify(undici)};
const [which, url, rounds] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const client = createCandidClient({ baseUrl: url, clientId: '${CLIENT_ID}', clientSecret: '${CLIENT_SECRET}', ...(which === 'undici' ? { transport: undiciTransport() } : {}) });
await client.getContract({ contract_id: '${CONTRACT_ID}' });
const before = process.memoryUsage().rss;
const rates = [];
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  await Promise.all(Array.from({ length: 1000 }, () => client.getContract({ contract_id: '${CONTRACT_ID}' })));
  rates.push(1000 / ((performance.now() - t) / 1000));
}
rates.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ rate: rates[rates.length >> 1], before: before / 2 ** 20, peak: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
`;

function burst(url: string, which: 'fetch' | 'undici', rounds: number): { rate: number; before: number; peak: number } {
  const dir = mkdtempSync(join(tmpdir(), 'careapis-burst-'));
  try {
    const script = join(dir, 'burst.mjs');
    writeFileSync(script, BURST_SOURCE(pathToFileURL(resolve(ROOT, 'packages/candid/dist/index.js')).href, pathToFileURL(resolve(ROOT, 'packages/core/dist/undici.js')).href));
    const run = spawnSync(process.execPath, [script, which, url, String(rounds)], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, NODE_PATH: resolve(ROOT, 'node_modules') } });
    if (run.status !== 0) throw new Error(`burst ${which}: ${run.stderr.slice(-800)}`);
    return JSON.parse(run.stdout) as { rate: number; before: number; peak: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const run: Bench = async ({ quick }): Promise<BenchSection> => {
  const { rounds, batch, warmup } = quick ? QUICK : FULL;
  const server = await startServer(contractBody(), { id: SMALL_ID, body: SMALL });
  const agent = new Agent({ headersTimeout: 60_000, bodyTimeout: 60_000 });
  const transport = undiciTransport();
  try {
    const sizes = [
      [`small answer (${SMALL.length} B)`, SMALL_ID],
      [`Candid contract (${contractBody().length} B)`, CONTRACT_ID],
    ] as const;
    const calls = sizes.flatMap(([size, id]) => clients(server.url, id, agent, transport).map(([name, call]) => [`${name}, ${size}`, call, size] as const));
    const samples = await interleaved(calls.map(([name, call]) => [name, call] as const), quick ? QUICK : FULL);
    const wall = new Map([...samples].map(([name, s]) => [name, s.wall]));
    const cpu = new Map([...samples].map(([name, s]) => [name, s.cpu]));
    const rows: string[] = [];
    const verdicts: string[] = [];
    for (const [size] of sizes) {
      const of = (prefix: string) => calls.find(([name]) => name === `${prefix}, ${size}`)![0];
      const base = median(wall.get(of('raw `fetch`'))!);
      const baseCpu = median(cpu.get(of('raw `fetch`'))!);
      const timed = median(wall.get(of('raw `fetch` + `AbortSignal.timeout`'))!);
      for (const [name, , s] of calls.filter(([, , s]) => s === size)) {
        const w = wall.get(name)!;
        const c = cpu.get(name)!;
        const [q1, q3] = quartiles(w);
        rows.push(`| ${name} | ${median(w).toFixed(0)} | ${q1.toFixed(0)}–${q3.toFixed(0)} | ${(median(w) / base).toFixed(2)}× | ${(median(w) / timed).toFixed(2)}× | ${median(c).toFixed(0)} | ${(median(c) / baseCpu).toFixed(2)}× |`);
        void s;
      }
      const undici = median(wall.get(of('`@careapis/candid`, undici transport'))!) / base;
      const fetchPath = median(wall.get(of('`@careapis/candid`, fetch path'))!) / timed;
      verdicts.push(
        `${size}: undici transport ${undici.toFixed(2)}× raw fetch (target ≤ 0.60×: ${quick ? 'not judged in quick mode' : undici <= 0.6 ? 'met' : 'missed'}); fetch path ${fetchPath.toFixed(2)}× raw fetch with a timeout signal (target ≤ 1.10×: ${quick ? 'not judged in quick mode' : fetchPath <= 1.1 ? 'met' : 'missed'}).`,
      );
    }
    const burstRounds = quick ? 1 : 9;
    const bursts = (['fetch', 'undici'] as const).map((which) => ({ which, ...burst(server.url, which, burstRounds) }));
    const burstRows = bursts.map((b) => `| \`@careapis/candid\`, ${b.which === 'fetch' ? 'fetch path' : 'undici transport'}: 1,000 concurrent calls | ${b.rate.toFixed(0)} calls/s | ${b.before.toFixed(0)} MB | ${b.peak.toFixed(0)} MB |`);
    return {
      title: 'Transport: fetch path vs undici transport',
      table: [
        '| client, answer | wall µs/call | spread (IQR) | vs raw fetch | vs fetch + timeout | client CPU µs/call | CPU vs raw fetch |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
        '',
        '| burst | throughput | RSS before | peak RSS |',
        '| --- | ---: | ---: | ---: |',
        ...burstRows,
      ].join('\n'),
      notes: [
        `Candid \`GET /api/contracts/v2/{contract_id}\` from a node:http server in a child process on 127.0.0.1, keep-alive; the generated client with client-credentials auth, retries (2) and its timeout (60 s) on, default options otherwise (\`undiciTransport()\`: no connection limit, 30 s keep-alive). Sequential calls: median over ${rounds} rounds of ${batch} calls per row, all ${calls.length} rows interleaved with the order rotated each round, after ${warmup} warm-up calls each; spread is the interquartile range of the rounds' means. Client CPU is this process's user+system time per call. Node ${process.versions.node}, ${cpus().length} CPUs, shared with other work: wall times move by ±20% between runs, the same-run ratios much less.`,
        ...verdicts,
        `Burst: 1,000 calls started at once, median of ${burstRounds} rounds of calls/s, each transport in a fresh Node process (the built packages); RSS before = after one call, peak = the process's maximum resident set.`,
      ],
    };
  } finally {
    await transport.close();
    await agent.close();
    await server.close();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run({ quick: process.argv.includes('--quick') });
  console.log(`## ${section.title}\n\n${section.table}\n\n${(section.notes ?? []).map((n) => `- ${n}`).join('\n')}`);
}
