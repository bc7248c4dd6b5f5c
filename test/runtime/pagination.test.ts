/** The pagination iterator against a loopback server that misbehaves: a repeated cursor must not loop forever. */
import { expect, it } from 'vitest';
import { createStediClient, listAllProviders } from '@careapis/stedi';
import { reply, useLoopbackServer } from '../support/loopback-server.js';

const server = useLoopbackServer();

it('stops with a clear error when the server repeats a cursor', async () => {
  // Every page says "there is more", with the same cursor.
  server.script('GET /providers', (_request, n) => reply(200, { items: [{ id: `p${n}`, name: 'Dental Associates', npi: '1999999992' }], nextPageToken: 'same-cursor' }));
  const stedi = createStediClient({ apiKey: 'test-key-123456', baseUrl: server.url });
  const ids: string[] = [];
  const failure = await (async () => {
    for await (const provider of listAllProviders(stedi)) ids.push(provider.id);
  })().catch((e: unknown) => e);
  expect(String(failure)).toMatch(/page cursor `nextPageToken` it had already returned/);
  expect(ids).toEqual(['p1', 'p2']);
  expect(server.count()).toBe(2);
});
