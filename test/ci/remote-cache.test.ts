/**
 * Turbo's remote cache works for this repository: a `turborepo-remote-cache` server on loopback,
 * one checkout builds (`turbo run generate build`, every task a miss, every output uploaded), and
 * a second checkout — its own directory, its own empty local cache — replays every task from the
 * server and ends with the same build outputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCheckout, startRemoteCache, type Checkout, type RemoteCache } from './remote-cache.js';

/** The server's artifact requests that pass `test`, once `count` of them are logged (the log is written asynchronously) or after 10 s. */
async function logged(cache: RemoteCache, test: (request: string) => boolean, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = (await cache.requests()).filter(test);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('turbo remote cache (turborepo-remote-cache on loopback)', () => {
  let cache: RemoteCache | undefined;
  const checkouts: Checkout[] = [];
  afterAll(async () => {
    for (const c of checkouts) await c.remove();
    await cache?.stop();
  });

  it('a second checkout replays every build task from the remote cache', async () => {
    cache = await startRemoteCache();
    const first = await makeCheckout();
    checkouts.push(first);
    const cold = await first.build(cache);
    expect(cold.code, cold.output).toBe(0);
    // core, sdk, the five vendor packages and the root generate task.
    expect(cold.tasks.length).toBeGreaterThanOrEqual(8);
    expect(cold.tasks.filter((t) => t.status !== 'MISS'), 'the first checkout must build everything').toEqual([]);
    const uploads = await logged(cache, (r) => r.startsWith('PUT'), cold.tasks.length);
    expect(uploads).toHaveLength(cold.tasks.length);
    expect(uploads.every((r) => r === 'PUT 200')).toBe(true);

    const second = await makeCheckout();
    checkouts.push(second);
    expect(second.dir).not.toBe(first.dir);
    expect(existsSync(join(second.dir, 'packages', 'stedi', 'dist'))).toBe(false);
    const warm = await second.build(cache);
    expect(warm.code, warm.output).toBe(0);
    expect(warm.tasks.map((t) => t.taskId).sort()).toEqual(cold.tasks.map((t) => t.taskId).sort());
    expect(warm.tasks.filter((t) => t.status !== 'HIT' || t.source !== 'REMOTE'), 'every task must come from the remote cache').toEqual([]);
    expect(warm.output).toContain('FULL TURBO');
    const downloads = await logged(cache, (r) => r === 'GET 200', cold.tasks.length);
    expect(downloads).toHaveLength(cold.tasks.length);

    // The replayed outputs are the built ones, byte for byte.
    for (const file of ['packages/core/dist/index.js', 'packages/stedi/dist/index.js', 'packages/sdk/dist/index.d.ts']) {
      expect(readFileSync(join(second.dir, file), 'utf8'), file).toBe(readFileSync(join(first.dir, file), 'utf8'));
    }
  }, 180_000);
});
