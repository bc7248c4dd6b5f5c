/**
 * CI benchmark (issue 26): the build a CI runner does on a fresh checkout — `turbo run generate
 * build` — cold (empty local cache, empty remote cache) against the same build on another fresh
 * checkout whose outputs are already in turbo's remote cache (a `turborepo-remote-cache` server on
 * loopback, local-disk storage). Checkouts are `git archive HEAD` with node_modules linked
 * (test/ci/remote-cache.ts), each with its own empty local cache directory.
 *
 * Run alone: `npx tsx bench/ci-cache.ts` (add `--quick` for a smoke run: one package only).
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { makeCheckout, startRemoteCache, type Checkout, type TurboRun } from '../test/ci/remote-cache.js';
import { load, median, ratio, seconds, table } from './measure.js';
import type { Bench, BenchSection } from './types.js';

/** One round: a new server, a cold build in one checkout, the remote-cached build in another. */
async function round(filter: string | undefined): Promise<{ cold: TurboRun; cached: TurboRun; bytes: number }> {
  const cache = await startRemoteCache();
  const checkouts: Checkout[] = [];
  try {
    const first = await makeCheckout();
    checkouts.push(first);
    const cold = await first.build(cache, filter);
    if (cold.code !== 0) throw new Error(`cold build failed:\n${cold.output.slice(-1500)}`);
    const second = await makeCheckout();
    checkouts.push(second);
    const cached = await second.build(cache, filter);
    if (cached.code !== 0) throw new Error(`remote-cached build failed:\n${cached.output.slice(-1500)}`);
    return { cold, cached, bytes: await cache.storedBytes() };
  } finally {
    for (const c of checkouts) await c.remove();
    await cache.stop();
  }
}

const hits = (run: TurboRun): string => `${run.tasks.filter((t) => t.status === 'HIT' && t.source === 'REMOTE').length}/${run.tasks.length} from the remote cache`;

/** The benchmark. */
export const run: Bench = async ({ quick }): Promise<BenchSection> => {
  const rounds = quick ? 1 : 3;
  const filter = quick ? '@careapis/core' : undefined;
  const loadBefore = load();
  const results: { cold: TurboRun; cached: TurboRun; bytes: number }[] = [];
  for (let i = 0; i < rounds; i++) results.push(await round(filter));
  const cold = median(results.map((r) => r.cold.wallMs));
  const cached = median(results.map((r) => r.cached.wallMs));
  const last = results.at(-1)!;
  const what = quick ? '`turbo run build --filter=@careapis/core` (quick: one package)' : '`turbo run generate build`';
  return {
    title: 'CI: cold build vs a fresh checkout with turbo\'s remote cache',
    table: table(
      ['build on a fresh checkout', 'tasks', 'wall (median)', 'vs cold'],
      [
        [`cold: ${what}, empty local and remote cache (uploads every output)`, `${last.cold.tasks.length} run`, seconds(cold), '1.00×'],
        [`remote-cached: ${what}, empty local cache, outputs on the server`, hits(last.cached), seconds(cached), ratio(cached, cold)],
      ],
    ),
    notes: [
      `${rounds} round(s); each starts a new turborepo-remote-cache server (local-disk storage, static token, 127.0.0.1) and two new checkouts (\`git archive HEAD\`, node_modules linked, each with its own empty TURBO_CACHE_DIR). Wall time of the turbo process, telemetry off.`,
      `The remote-cached build downloads and unpacks every task's outputs (the dist/ of every package; the generated sources of the root generate task) and runs nothing. In CI the server is across a network: add the transfer of the artifacts (${(last.bytes / 1024).toFixed(0)} kB stored on the server for this build) to the loopback figure.`,
      `Load average (1 min) before / after: ${loadBefore} / ${load()} on ${cpus().length} cores.`,
    ],
  };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await run({ quick: process.argv.includes('--quick') });
  console.log(`## ${section.title}\n\n${section.table}\n\n${(section.notes ?? []).map((n) => `- ${n}`).join('\n')}`);
}
