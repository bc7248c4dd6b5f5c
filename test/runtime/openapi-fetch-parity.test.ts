/**
 * The runtime builds requests and reads answers itself instead of through openapi-fetch's
 * `createClient` (smaller, and no WHATWG Request per call). These tests hold it to openapi-fetch's
 * behaviour: the same calls made through both, against the same loopback server, must send the
 * same bytes and come back as the same `{ data, error }`.
 */
import { describe, expect, it } from 'vitest';
import createClient, { createQuerySerializer } from 'openapi-fetch';
import { createRuntime, type OperationTable, type VendorDescriptor } from '@careapis/core';
import { reply, useLoopbackServer, type RecordedRequest } from '../support/loopback-server.js';

const vendor: VendorDescriptor = { name: 'parity', title: 'Parity API', packageName: '@careapis/parity', environments: {} };
const operations = {
  getItem: { method: 'GET', path: '/items/{id}' },
  getMany: { method: 'GET', path: '/many/{ids}/of/{owner}' },
  search: { method: 'GET', path: '/search' },
  createItem: { method: 'POST', path: '/items' },
  headItem: { method: 'HEAD', path: '/items/{id}' },
} as const satisfies OperationTable;
type Name = keyof typeof operations;
const CLIENT_HEADERS = { 'x-client': 'c', 'x-removed': 'client value' };

const server = useLoopbackServer({ respond: () => reply(200, { ok: true }) });

/** Both clients, over the same server: ours through the runtime, and openapi-fetch's own. */
function clients() {
  const ours = createRuntime(vendor, { baseUrl: server.url, headers: CLIENT_HEADERS, maxRetries: 0 }, '1.0.0', operations).methods;
  const theirs = createClient({ baseUrl: server.url, headers: CLIENT_HEADERS });
  return {
    ours: (name: Name, init: Record<string, unknown>) => ours[name](init),
    theirs: (name: Name, init: Record<string, unknown>) => theirs.request(operations[name].method.toLowerCase() as never, operations[name].path as never, init as never) as Promise<{ data?: unknown; error?: unknown; response: Response }>,
  };
}

/** What the server saw, without the headers that name the client. */
const wire = ({ method, url, headers, body }: RecordedRequest) => {
  const { 'user-agent': _agent, ...rest } = headers;
  return { method, url, headers: rest, body };
};

/** Makes the same call through both clients; returns what each sent and got back. */
async function both(name: Name, init: Record<string, unknown>) {
  const { ours, theirs } = clients();
  const a = await ours(name, init);
  const b = await theirs(name, init);
  const [sentA, sentB] = server.requests.slice(-2);
  if (!sentA || !sentB) throw new Error(`expected two requests, the server saw ${server.requests.length}`);
  return { sent: [wire(sentA), wire(sentB)], results: [a, b] as const };
}

describe('requests are byte for byte what openapi-fetch sends', () => {
  const cases: [string, Name, Record<string, unknown>][] = [
    ['a path parameter that needs encoding', 'getItem', { params: { path: { id: 'a b/c?d#é' } } }],
    ['array and number path parameters (simple style)', 'getMany', { params: { path: { ids: [1, 'x y', 'z,'], owner: 7 } } }],
    [
      'query: primitives, exploded arrays, deepObject objects; empty, null and undefined left out',
      'search',
      { params: { query: { q: 'a&b=c', tags: ['x', 'y z'], none: [], nil: null, undef: undefined, filter: { status: 'open', who: 'a b' }, n: 3, flag: true } } },
    ],
    ['a JSON body, call headers (null removes, arrays repeat) and header parameters', 'createItem', {
      body: { name: 'Ann', tags: ['a'] },
      headers: { 'X-Call': 'call', 'x-removed': null, 'x-list': ['1', '2'], 'x-number': 5 },
      params: { header: { 'x-param': 'p' } },
    }],
    ['a form-urlencoded body', 'createItem', { body: { a: '1', b: 'x y&z' }, headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
    ['a content type of the caller\'s', 'createItem', { body: { a: 1 }, headers: { 'Content-Type': 'application/merge-patch+json' } }],
    ['Headers given as a Headers object', 'getItem', { params: { path: { id: '1' } }, headers: new Headers({ 'x-from-headers': 'yes' }) }],
    ['a query serializer of the caller\'s', 'search', { params: { query: { tags: ['a', 'b'] } }, querySerializer: createQuerySerializer({ array: { style: 'pipeDelimited', explode: false } }) }],
  ];
  for (const [what, name, init] of cases) {
    it(what, async () => {
      const { sent } = await both(name, init);
      expect(sent[0]).toEqual(sent[1]);
    });
  }

  it('a FormData body: the same fields, each with its own boundary', async () => {
    const form = () => {
      const data = new FormData();
      data.append('note', 'hello');
      data.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'license.pdf');
      return data;
    };
    const { ours, theirs } = clients();
    await ours('createItem', { body: form() });
    await theirs('createItem', { body: form() });
    const parsed = await Promise.all(
      server.requests.map(async (r) => {
        const fields = await new Response(new Uint8Array(r.bytes), { headers: { 'content-type': String(r.headers['content-type']) } }).formData();
        const file = fields.get('file') as File;
        return { note: fields.get('note'), file: [file.name, file.type, await file.text()], type: String(r.headers['content-type']).split(';')[0] };
      }),
    );
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toEqual(parsed[1]);
    expect(parsed[0]).toEqual({ note: 'hello', file: ['license.pdf', 'application/pdf', '%PDF-1.4'], type: 'multipart/form-data' });
  });
});

describe('answers are read as openapi-fetch reads them', () => {
  const answers: [string, Name, Record<string, unknown>, ReturnType<typeof reply>][] = [
    ['200 with JSON', 'getItem', {}, reply(200, { id: '1', nested: { a: [1, 2] } })],
    ['204 without a body', 'getItem', {}, reply(204)],
    ['200 with an empty body', 'getItem', {}, reply(200, '')],
    ['404 with a JSON error', 'getItem', {}, reply(404, { message: 'gone' })],
    ['500 with a text error', 'getItem', {}, reply(500, 'upstream exploded')],
    ['200 read as text', 'getItem', { parseAs: 'text' }, reply(200, { id: '1' })],
    ['HEAD', 'headItem', {}, reply(200, '')],
  ];
  for (const [what, name, extra, answer] of answers) {
    it(what, async () => {
      server.script(`${operations[name].method} /items/1`, answer);
      const { results } = await both(name, { params: { path: { id: '1' } }, ...extra });
      const [ours, theirs] = results.map(({ data, error, response }) => ({ data, error, status: response.status, keys: Object.keys({ data, error }).filter((k) => k in { data, error }) }));
      expect(ours).toEqual(theirs);
      expect('data' in results[0]).toBe('data' in results[1]);
      expect('error' in results[0]).toBe('error' in results[1]);
    });
  }

  it('blob, arrayBuffer and stream hold the same bytes', async () => {
    server.script('GET /items/1', reply(200, { id: '1' }));
    for (const parseAs of ['blob', 'arrayBuffer', 'stream'] as const) {
      const { results } = await both('getItem', { params: { path: { id: '1' } }, parseAs });
      const bytes = await Promise.all(results.map(({ data }) => new Response(data as BodyInit).text()));
      expect(bytes[0]).toBe(bytes[1]);
      expect(bytes[0]).toBe('{"id":"1"}');
    }
  });
});
