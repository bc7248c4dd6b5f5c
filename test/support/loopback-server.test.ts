/** The shared loopback server itself: scripts, the fallback answer, recording, faults, clear and close. */
import { describe, expect, it } from 'vitest';
import { hang, reply, reset, slow, stall, startLoopbackServer, useLoopbackServer } from './loopback-server.js';

const server = useLoopbackServer();

describe('loopback server', () => {
  it('answers a scripted route step by step, repeating the last step; other routes get 404', async () => {
    server.script('GET /things', reply(503, { message: 'down' }), reply(200, { id: 't1' }, { 'x-request-id': 'r1' }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/things?page=${i}`)).status);
    expect(statuses).toEqual([503, 200, 200]);
    const last = await fetch(`${server.url}/things`);
    expect(last.headers.get('x-request-id')).toBe('r1');
    expect(await last.json()).toEqual({ id: 't1' });
    const other = await fetch(`${server.url}/other`, { method: 'DELETE' });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ message: 'no script for DELETE /other' });
    expect(server.count('GET /things')).toBe(4);
    expect(server.count()).toBe(5);
  });

  it('records method, path, url, headers, body as text and bytes; a handler sees the request and its number', async () => {
    server.script('POST /echo', (request, n) => reply(201, { n, body: request.body }));
    const response = await fetch(`${server.url}/echo?x=1`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'héllo' });
    expect(await response.json()).toEqual({ n: 1, body: 'héllo' });
    const [request] = server.on('POST /echo');
    expect(request).toMatchObject({ route: 'POST /echo', method: 'POST', path: '/echo', url: '/echo?x=1', body: 'héllo' });
    expect(request?.headers['x-test']).toBe('yes');
    expect(request?.bytes.equals(Buffer.from('héllo'))).toBe(true);
  });

  it('clear() forgets scripts and requests', async () => {
    server.script('GET /once', reply(200));
    await (await fetch(`${server.url}/once`)).body?.cancel();
    server.clear();
    expect(server.requests).toEqual([]);
    expect((await fetch(`${server.url}/once`)).status).toBe(404);
  });

  it('faults: a reset fails the request, a slow answer arrives late, a stalled body never completes', async () => {
    server.script('GET /reset', reset());
    await expect(fetch(`${server.url}/reset`)).rejects.toThrow();

    server.script('GET /slow', slow(200, 200, { ok: true }));
    const started = performance.now();
    expect(await (await fetch(`${server.url}/slow`)).json()).toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);

    server.script('GET /stall', stall(200, { ok: true }));
    const stalled = await fetch(`${server.url}/stall`, { signal: AbortSignal.timeout(300) });
    expect(stalled.status).toBe(200);
    await expect(stalled.text()).rejects.toThrow();
  });

  it('a handler given at start answers every unscripted route, and survives clear()', async () => {
    const own = await startLoopbackServer({ respond: ({ path }) => reply(200, { path }) });
    try {
      own.script('GET /scripted', reply(202));
      expect((await fetch(`${own.url}/scripted`)).status).toBe(202);
      own.clear();
      expect(await (await fetch(`${own.url}/scripted`)).json()).toEqual({ path: '/scripted' });
    } finally {
      await own.close();
    }
  });

  it('close() ends hanging requests and frees the port', async () => {
    const own = await startLoopbackServer({ respond: () => hang() });
    const pending = fetch(`${own.url}/hang`).then(
      () => 'answered',
      () => 'failed',
    );
    for (let i = 0; i < 100 && own.count() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(own.count()).toBe(1);
    await own.close();
    expect(await pending).toBe('failed');
    await expect(fetch(`${own.url}/hang`)).rejects.toThrow();
  });
});
