/** The pagination iterator against a loopback server that misbehaves: a repeated cursor must not loop forever. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStediClient } from '@careapis/stedi';

let server: Server;
let url = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    // Every page says "there is more", with the same cursor.
    res.end(JSON.stringify({ items: [{ id: `p${requests}`, name: 'Dental Associates', npi: '1999999992' }], nextPageToken: 'same-cursor' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('stops with a clear error when the server repeats a cursor', async () => {
  const stedi = createStediClient({ apiKey: 'test-key-123456', baseUrl: url });
  const ids: string[] = [];
  const failure = await (async () => {
    for await (const provider of stedi.listAllProviders()) ids.push(provider.id);
  })().catch((e: unknown) => e);
  expect(String(failure)).toMatch(/page cursor `nextPageToken` it had already returned/);
  expect(ids).toEqual(['p1', 'p2']);
  expect(requests).toBe(2);
});
