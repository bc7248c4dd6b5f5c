/**
 * Runtime benchmark: the cost of one request on loopback, per client, measured in the same run.
 *
 * A node:http server in a child process (so its work does not share the clients' event loop)
 * answers Candid's `GET /api/contracts/v2/{contract_id}` with the spec's contract example and
 * mints tokens on `POST /api/auth/v2/token`. Each client makes the same call one request at a
 * time: raw `fetch`, bare openapi-fetch, the generated `@careapis/candid` client with
 * client-credentials auth, retries and timeout on (the defaults), and the official `candidhealth`
 * SDK. Rounds interleave the clients; each row is the median of the rounds' per-request means.
 *
 * Run alone: `npx tsx bench/runtime.ts` (add `--quick` for a smoke run).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import createClient from 'openapi-fetch';
import { parse } from 'yaml';
import { CandidApiClient } from 'candidhealth';
import { createCandidClient, type paths } from '@careapis/candid';
import { FULL, interleaved, median, QUICK, type Call } from './measure.js';
import type { Bench, BenchSection } from './types.js';

const ROOT = resolve(import.meta.dirname, '..');
/** The contract the benchmarks fetch, and the credentials and token of the bench server. */
export const CONTRACT_ID = 'd5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32';
export const CLIENT_ID = 'bench-client-id';
export const CLIENT_SECRET = 'bench-client-secret';
export const TOKEN = 'bench-access-token';

/** The contract body the server answers with: the spec's own example of a ContractWithProviders. */
export function contractBody(): string {
  const spec = parse(readFileSync(resolve(ROOT, 'specs/candid.yaml'), 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }> }>>;
  };
  const examples = spec.paths['/api/contracts/v2']?.post?.responses['200']?.content?.['application/json']?.examples ?? {};
  const first = Object.values(examples)[0];
  if (!first) throw new Error('specs/candid.yaml: createContract has no 200 example to serve');
  return JSON.stringify(first.value);
}

/**
 * The loopback server, run in a child process so its work is not counted as the clients': keep-alive,
 * fixed answers: the token, and for any contract id the contract, or `small` for `smallId`.
 */
const SERVER_SOURCE = `
const { createServer } = require('node:http');
const { contract, small, smallId, token: accessToken } = JSON.parse(process.env.BENCH_SERVER);
const token = JSON.stringify({ access_token: accessToken, expires_in: 18000, token_type: 'Bearer' });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const [status, body] = req.url === '/api/auth/v2/token' ? [200, token] : req.headers.authorization !== 'Bearer ' + accessToken ? [401, '{"errorName":"UnauthorizedError"}'] : small && req.url.endsWith(smallId) ? [200, small] : [200, contract];
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** The bench server: its base URL, and a way to stop it. */
export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the bench server in a child process; `small` is answered for the contract id `smallId`. */
export async function startServer(contract: string, small?: { id: string; body: string }): Promise<LoopbackServer> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_SERVER: JSON.stringify({ contract, small: small?.body, smallId: small?.id, token: TOKEN }) },
  });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout.once('data', (chunk: Buffer) => ok(Number(chunk.toString().trim())));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`bench server exited with ${String(code)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.stdin.end();
      }),
  };
}

/** One client under test: a function making the benchmark's call and reading its body. */

function clients(url: string): Record<string, Call> {
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };
  const raw: Call = async () => {
    const res = await fetch(`${url}/api/contracts/v2/${CONTRACT_ID}`, { headers });
    if (!res.ok) throw new Error(`raw fetch: HTTP ${res.status}`);
    return res.json();
  };
  const bare = createClient<paths>({ baseUrl: url, headers });
  const openapiFetch: Call = async () => {
    const { data, error } = await bare.GET('/api/contracts/v2/{contract_id}', { params: { path: { contract_id: CONTRACT_ID } } });
    if (error !== undefined) throw new Error('openapi-fetch: error result');
    return data;
  };
  const candid = createCandidClient({ baseUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  // Resolves to the body; an error status rejects.
  const generated: Call = () => candid.getContract({ contract_id: CONTRACT_ID });
  const sdk = new CandidApiClient({ baseUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const official: Call = async () => {
    const result = await sdk.contracts.v2.get(CONTRACT_ID as Parameters<typeof sdk.contracts.v2.get>[0]);
    if (!result.ok) throw new Error('candidhealth SDK: error result');
    return result.body;
  };
  return {
    'raw `fetch`': raw,
    'bare openapi-fetch': openapiFetch,
    '`@careapis/candid` (client credentials, retries, timeout)': generated,
    '`candidhealth` 1.33 (official SDK)': official,
  };
}

/**
 * A client script for callgrind: the same three clients (not the official SDK, which takes
 * minutes to load under valgrind) as plain ESM importing the built packages, making `n` calls.
 */
const COUNTED_SOURCE = (candid: string, openapiFetch: string): string => `
import { spawn } from 'node:child_process';
import { createCandidClient } from ${JSON.stringify(candid)};
import createClient from ${JSON.stringify(openapiFetch)};
const [which, count] = [process.argv[2], Number(process.argv[3])];
const server = spawn(process.execPath, ['-e', process.env.BENCH_SERVER_SOURCE], { stdio: ['pipe', 'pipe', 'inherit'] });
const port = await new Promise((ok) => server.stdout.once('data', (chunk) => ok(Number(String(chunk).trim()))));
const url = 'http://127.0.0.1:' + port;
const headers = { authorization: 'Bearer ${TOKEN}', accept: 'application/json' };
const bare = createClient({ baseUrl: url, headers });
const candid = createCandidClient({ baseUrl: url, clientId: '${CLIENT_ID}', clientSecret: '${CLIENT_SECRET}' });
const path = { params: { path: { contract_id: '${CONTRACT_ID}' } } };
const calls = {
  raw: async () => (await fetch(url + '/api/contracts/v2/${CONTRACT_ID}', { headers })).json(),
  openapiFetch: async () => (await bare.GET('/api/contracts/v2/{contract_id}', path)).data,
  candid: () => candid.getContract({ contract_id: '${CONTRACT_ID}' }),
};
for (let i = 0; i < count; i++) if ((await calls[which]()) === undefined) throw new Error(which + ': no data');
server.stdin.end();
`;

/** Instructions the client process executes per request, from two callgrind runs of different lengths (start-up cancels out). */
function instructionsPerRequest(contract: string, short: number, long: number): Map<string, number> | string {
  if (spawnSync('valgrind', ['--version']).status !== 0) return 'valgrind is not installed';
  const dir = mkdtempSync(join(tmpdir(), 'careapis-callgrind-'));
  try {
    const script = join(dir, 'counted.mjs');
    writeFileSync(
      script,
      COUNTED_SOURCE(pathToFileURL(resolve(ROOT, 'packages/candid/dist/index.js')).href, pathToFileURL(resolve(ROOT, 'node_modules/openapi-fetch/dist/index.mjs')).href),
    );
    const env = { ...process.env, BENCH_SERVER: JSON.stringify({ contract, token: TOKEN }), BENCH_SERVER_SOURCE: SERVER_SOURCE };
    const count = (which: string, n: number): number => {
      const run = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, script, which, String(n)], { env, encoding: 'utf8' });
      const collected = /Collected : (\d+)/.exec(run.stderr)?.[1];
      if (run.status !== 0 || !collected) throw new Error(`callgrind run of ${which} failed: ${run.stderr.slice(-500)}`);
      return Number(collected);
    };
    const out = new Map<string, number>();
    for (const which of ['raw', 'openapiFetch', 'candid']) out.set(which, (count(which, long) - count(which, short)) / (long - short));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark; `quick` makes a handful of requests per client and proves only that it works. */
export const run: Bench = async ({ quick }): Promise<BenchSection> => {
  const { rounds, batch, warmup } = quick ? QUICK : FULL;
  const server = await startServer(contractBody());
  try {
    const calls = Object.entries(clients(server.url));
    const samples = await interleaved(calls, quick ? QUICK : FULL);
    const results = calls.map(([name]) => ({ name, wall: median(samples.get(name)?.wall ?? []), cpu: median(samples.get(name)?.cpu ?? []) }));
    const [base] = results;
    if (!base) throw new Error('no clients');
    const rows = results.map(
      (r) => `| ${r.name} | ${r.wall.toFixed(0)} | ${(r.wall / base.wall).toFixed(2)}× | ${r.cpu.toFixed(0)} | ${(r.cpu / base.cpu).toFixed(2)}× |`,
    );
    const generated = results[2];
    const ratio = generated ? generated.wall / base.wall : Number.NaN;
    const [short, long] = [1000, 5000];
    const counted = quick ? 'not measured in quick mode' : instructionsPerRequest(contractBody(), short, long);
    const perRequest = (name: string): string => {
      if (typeof counted === 'string') return '—';
      const value = counted.get(name) ?? Number.NaN;
      return `${(value / 1e6).toFixed(3)} M (${(value / (counted.get('raw') ?? Number.NaN)).toFixed(2)}×)`;
    };
    const instructionRows = ['raw', 'openapiFetch', 'candid', undefined].map((name) => (name ? perRequest(name) : '—'));
    const rows2 = rows.map((row, i) => `${row} ${instructionRows[i] ?? '—'} |`);
    return {
      title: 'Runtime: per-request cost on loopback',
      table: ['| client | wall µs/request | vs raw fetch | client CPU µs/request | vs raw fetch | instructions/request (callgrind) |', '| --- | ---: | ---: | ---: | ---: | ---: |', ...rows2].join('\n'),
      notes: [
        `Candid \`GET /api/contracts/v2/{contract_id}\` (the spec's contract example, ${contractBody().length} bytes) from a node:http server in a child process on 127.0.0.1, one request at a time, keep-alive. Median over ${rounds} rounds of ${batch} requests per client, clients interleaved, after ${warmup} warm-up calls each. Client CPU is this process's user+system time per request (the server is not in it). Node ${process.versions.node}, ${cpus().length} CPUs.`,
        `Instructions: the client process's instruction count under \`valgrind --tool=callgrind\` (the server is a separate, untraced process), per request, from one run of ${long} and one of ${short} requests ((I${long} − I${short}) / ${long - short}, so start-up and warm-up cancel out). Instruction counts do not depend on what else the machine is doing, but JIT and GC timing still move the ratio between runs (1.00–1.20× seen for the same client code), so this column is a cross-check of the wall-clock ratio, not a finer measurement. ${typeof counted === 'string' ? `Not measured: ${counted}.` : ''}`.trim(),
        `Target: the generated client within 1.10× raw fetch (wall) — ${quick ? 'not judged in quick mode' : ratio <= 1.1 ? `met (${ratio.toFixed(2)}×)` : `missed (${ratio.toFixed(2)}×)`}.`,
      ],
    };
  } finally {
    await server.close();
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run({ quick: process.argv.includes('--quick') });
  console.log(`## ${section.title}\n\n${section.table}\n\n${(section.notes ?? []).join('\n')}`);
}
