/**
 * The runtime builds requests and reads answers itself instead of through openapi-fetch's
 * `createClient` (smaller, and no WHATWG Request per call). These tests hold it to openapi-fetch's
 * behaviour: the same calls made through both, against the same loopback server, must send the
 * same bytes and come back as the same `{ data, error }`. Our side is called two ways: the raw
 * client (`rawClient(client)`, which takes openapi-fetch's own init), and the typed methods with
 * flat arguments, compared with openapi-fetch given the equivalent init.
 */
import { describe, expect, it } from 'vitest';
import createClient, { createQuerySerializer } from 'openapi-fetch';
import { CareApiError, createRuntime, rawClient, toFormData, type CallOptions, type FetchResult, type OperationTable, type VendorClient, type VendorDescriptor } from '@careapis/core';
import { reply, useLoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';

const vendor: VendorDescriptor = { name: 'parity', title: 'Parity API', packageName: '@careapis/parity', environments: {} };
/** Operation rows as the generator writes them: query and header parameter names, a multipart body, non-JSON success bodies, a renamed argument. */
const operations = {
  getItem: { id: 'getItem', method: 'GET', path: '/items/{id}' },
  getMany: { id: 'getMany', method: 'GET', path: '/many/{ids}/of/{owner}' },
  search: { id: 'search', method: 'GET', path: '/search', query: ['q', 'tags', 'none', 'nil', 'undef', 'filter', 'n', 'flag'] },
  createItem: { id: 'createItem', method: 'POST', path: '/items', header: ['x-param', 'x-client', 'X-Mixed-Case'] },
  headItem: { id: 'headItem', method: 'HEAD', path: '/items/{id}' },
  upload: { id: 'upload', method: 'POST', path: '/uploads', multipart: toFormData },
  getText: { id: 'getText', method: 'GET', path: '/texts/{id}', parse: 'text' },
  getFile: { id: 'getFile', method: 'GET', path: '/files/{id}', parse: 'blob' },
  // A path parameter and a query parameter both named `id` in the spec: the query one takes the argument key `queryId` (x-careapis-arg).
  // `query` lists argument keys; `rename` gives the spec name the renamed one is sent under (as the generator writes it).
  getThing: { id: 'getThing', method: 'GET', path: '/things/{id}', query: ['queryId', 'view'], rename: { queryId: 'id' } },
} as const satisfies OperationTable;
type Name = keyof typeof operations;
type Init = Record<string, unknown>;
const CLIENT_HEADERS = { 'x-client': 'c', 'x-removed': 'client value' };

const server = useLoopbackServer({ respond: () => reply(200, { ok: true }) });

/** Both clients, over the same server: ours (raw by path, or typed with flat arguments) through the runtime, and openapi-fetch's own. */
function clients() {
  const { methods } = createRuntime(vendor, { ...transportOptions(), baseUrl: server.url, headers: CLIENT_HEADERS, maxRetries: 0 }, '1.0.0', operations);
  const raw = rawClient(methods as unknown as VendorClient<{}>);
  const theirs = createClient({ baseUrl: server.url, headers: CLIENT_HEADERS });
  const by = (name: Name) => [operations[name].method.toLowerCase() as never, operations[name].path as never] as const;
  return {
    ours: (name: Name, init: Init) => raw.request(...by(name), init as never) as Promise<FetchResult>,
    typed: (name: Name, args: Init, options?: CallOptions) => methods[name](args, options),
    theirs: (name: Name, init: Init) => theirs.request(...by(name), init as never) as Promise<FetchResult>,
  };
}

/** What the server saw, without the headers that name the client. */
const wire = ({ method, url, headers, body }: RecordedRequest) => {
  const { 'user-agent': _agent, ...rest } = headers;
  return { method, url, headers: rest, body };
};

/** The two requests the server saw last, ours first. */
function lastTwo(): [RecordedRequest, RecordedRequest] {
  const [sentA, sentB] = server.requests.slice(-2);
  if (!sentA || !sentB) throw new Error(`expected two requests, the server saw ${server.requests.length}`);
  return [sentA, sentB];
}

/** The last two requests as `wire` shows them, ours first. */
function lastTwoOnTheWire(): [ReturnType<typeof wire>, ReturnType<typeof wire>] {
  const [sentA, sentB] = lastTwo();
  return [wire(sentA), wire(sentB)];
}

/** Makes the same call through our raw client and openapi-fetch; returns what each sent and got back. */
async function both(name: Name, init: Init) {
  const { ours, theirs } = clients();
  const a = await ours(name, init);
  const b = await theirs(name, init);
  return { sent: lastTwoOnTheWire(), results: [a, b] as const };
}

/** Makes a typed call with flat arguments and the openapi-fetch call with the equivalent init; returns what each sent, and how each ended. */
async function bothTyped(name: Name, args: Init, options: CallOptions | undefined, init: Init) {
  const { typed, theirs } = clients();
  const a = await typed(name, args, options).withResponse().then(
    (ok) => ({ ok: true as const, data: ok.data, status: ok.response.status }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const b = await theirs(name, init);
  return { sent: lastTwoOnTheWire(), outcome: a, theirs: b };
}

/** A multipart request's parts, in order: name, then the text or the file's name, type and text. */
async function partsOf(request: RecordedRequest) {
  const form = await new Response(new Uint8Array(request.bytes), { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
  return Promise.all([...form.entries()].map(async ([key, value]) => (typeof value === 'string' ? [key, value] : [key, value.name, value.type, await value.text()])));
}

describe('raw calls: requests are byte for byte what openapi-fetch sends', () => {
  const cases: [string, Name, Init][] = [
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

describe('typed calls with flat arguments: requests are byte for byte what openapi-fetch sends for the equivalent init', () => {
  const cases: [string, Name, Init, CallOptions | undefined, Init][] = [
    ['a path parameter that needs encoding', 'getItem', { id: 'a b/c?d#é' }, undefined, { params: { path: { id: 'a b/c?d#é' } } }],
    ['array and number path parameters (simple style)', 'getMany', { ids: [1, 'x y', 'z,'], owner: 7 }, undefined, { params: { path: { ids: [1, 'x y', 'z,'], owner: 7 } } }],
    [
      'query: primitives, exploded arrays, deepObject objects; empty, null and undefined left out',
      'search',
      { q: 'a&b=c', tags: ['x', 'y z'], none: [], nil: null, undef: undefined, filter: { status: 'open', who: 'a b' }, n: 3, flag: true },
      undefined,
      { params: { query: { q: 'a&b=c', tags: ['x', 'y z'], none: [], nil: null, undef: undefined, filter: { status: 'open', who: 'a b' }, n: 3, flag: true } } },
    ],
    ['query: an array of one, a zero, false and an empty string', 'search', { tags: ['only'], n: 0, flag: false, q: '' }, undefined, { params: { query: { tags: ['only'], n: 0, flag: false, q: '' } } }],
    ['no arguments at all', 'search', {}, undefined, {}],
    [
      'a JSON body',
      'createItem',
      { body: { name: 'Ann', tags: ['a'], nested: { n: 1, none: null }, text: 'é "quoted" \\ 🦷' } },
      undefined,
      { body: { name: 'Ann', tags: ['a'], nested: { n: 1, none: null }, text: 'é "quoted" \\ 🦷' } },
    ],
    [
      'header parameters (one overriding a client header, one in mixed case), a JSON body and call headers (null removes, arrays repeat)',
      'createItem',
      { 'x-param': 'p', 'x-client': 'from the parameter', 'X-Mixed-Case': 'm', body: { name: 'Ann' } },
      { headers: { 'X-Call': 'call', 'x-removed': null, 'x-list': ['1', '2'], 'x-number': 5 } },
      { body: { name: 'Ann' }, headers: { 'X-Call': 'call', 'x-removed': null, 'x-list': ['1', '2'], 'x-number': 5 }, params: { header: { 'x-param': 'p', 'x-client': 'from the parameter', 'X-Mixed-Case': 'm' } } },
    ],
    ['call headers given as a Headers object', 'getItem', { id: '1' }, { headers: new Headers({ 'x-from-headers': 'yes' }) }, { params: { path: { id: '1' } }, headers: new Headers({ 'x-from-headers': 'yes' }) }],
    [
      'a form-urlencoded body (content type from the call headers)',
      'createItem',
      { body: { a: '1', b: 'x y&z' } },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { body: { a: '1', b: 'x y&z' }, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ],
    ['a body that is an array', 'createItem', { body: [{ a: 1 }, { a: 2 }] }, undefined, { body: [{ a: 1 }, { a: 2 }] }],
  ];
  for (const [what, name, args, options, init] of cases) {
    it(what, async () => {
      const { sent } = await bothTyped(name, args, options, init);
      expect(sent[0]).toEqual(sent[1]);
    });
  }

  it('a path and a query parameter of the same spec name, one renamed with x-careapis-arg', async () => {
    const { sent } = await bothTyped('getThing', { id: 't 1', queryId: 'q1', view: 'full' }, undefined, { params: { path: { id: 't 1' }, query: { id: 'q1', view: 'full' } } });
    expect(sent[0]).toEqual(sent[1]);
  });

  it('a multipart body from a plain object: the parts openapi-fetch sends for the same FormData, in order, each with its own boundary', async () => {
    const pdf = () => new File(['%PDF-1.4'], 'license.pdf', { type: 'application/pdf' });
    const form = new FormData();
    form.append('note', 'hello');
    form.append('file', pdf(), 'license.pdf');
    form.append('tags', 'a');
    form.append('tags', 'b');
    form.append('meta', JSON.stringify({ k: 1, s: 'é' }));
    form.append('bytes', new Blob([new Uint8Array([0, 1, 2, 255])]), 'file');
    const { sent } = await bothTyped('upload', { body: { note: 'hello', file: pdf(), tags: ['a', 'b'], meta: { k: 1, s: 'é' }, skipped: null, bytes: new Uint8Array([0, 1, 2, 255]) } }, undefined, { body: form });
    const [ours, theirs] = lastTwo();
    expect(await partsOf(ours)).toEqual(await partsOf(theirs));
    expect(await partsOf(ours)).toEqual([
      ['note', 'hello'],
      ['file', 'license.pdf', 'application/pdf', '%PDF-1.4'],
      ['tags', 'a'],
      ['tags', 'b'],
      ['meta', '{"k":1,"s":"é"}'],
      ['bytes', 'file', 'application/octet-stream', '\u0000\u0001\u0002\ufffd'],
    ]);
    // Everything but the boundary (and so the length) is the same on the wire.
    const strip = ({ headers, body: _body, ...rest }: ReturnType<typeof wire>) => {
      const { 'content-type': type, 'content-length': _length, ...others } = headers;
      return { ...rest, headers: others, type: String(type).split(';')[0] };
    };
    expect(strip(sent[0])).toEqual(strip(sent[1]));
    expect(strip(sent[0]).type).toBe('multipart/form-data');
  });
});

describe('raw calls: answers are read as openapi-fetch reads them', () => {
  const answers: [string, Name, Init, ReturnType<typeof reply>][] = [
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
      // The result's own keys too: openapi-fetch returns `{ data, response }` or `{ error, response }`, never both.
      const [ours, theirs] = results.map((result) => ({ data: result.data, error: result.error, status: result.response.status, keys: Object.keys(result).sort() }));
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

describe("typed calls: resolve to openapi-fetch's `data`, and reject with its `error` as the CareApiError's body", () => {
  const answers: [string, Name, Init, ReturnType<typeof reply>][] = [
    ['200 with JSON', 'getItem', {}, reply(200, { id: '1', nested: { a: [1, 2] } })],
    ['204 without a body', 'getItem', {}, reply(204)],
    ['200 with an empty body', 'getItem', {}, reply(200, '')],
    ['400 with a JSON error', 'getItem', {}, reply(400, { message: 'bad', fields: [{ path: '/id' }] })],
    ['404 with a JSON error', 'getItem', {}, reply(404, { message: 'gone' })],
    ['500 with a text error', 'getItem', {}, reply(500, 'upstream exploded')],
    ['503 without a body', 'getItem', {}, reply(503)],
    ['HEAD', 'headItem', {}, reply(200, '')],
    ['a text operation (parse: text), read as openapi-fetch reads parseAs: text', 'getText', { parseAs: 'text' }, reply(200, 'npi,name\n1999999992,Ann\n')],
    ['a text operation answered with an error: the error body is still JSON', 'getText', { parseAs: 'text' }, reply(404, { message: 'no such report' })],
  ];
  for (const [what, name, extra, answer] of answers) {
    it(what, async () => {
      server.script(`${operations[name].method} ${operations[name].path.replace('{id}', '1')}`, answer);
      const { outcome, theirs } = await bothTyped(name, { id: '1' }, undefined, { params: { path: { id: '1' } }, ...extra });
      if (theirs.response.ok) {
        expect(outcome).toEqual({ ok: true, data: theirs.data, status: theirs.response.status });
      } else {
        expect(outcome.ok).toBe(false);
        const error = (outcome as { error: unknown }).error;
        expect(error).toBeInstanceOf(CareApiError);
        expect(error).toMatchObject({ status: theirs.response.status, operationId: name, vendor: 'parity', attempts: 1 });
        expect((error as CareApiError).body).toEqual(theirs.error);
      }
    });
  }

  it('a file operation (parse: blob) resolves to the Blob openapi-fetch reads with parseAs: blob', async () => {
    server.script('GET /files/1', reply(200, { id: '1' }));
    const { outcome, theirs } = await bothTyped('getFile', { id: '1' }, undefined, { params: { path: { id: '1' } }, parseAs: 'blob' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.data).toBeInstanceOf(Blob);
    const [ours, their] = [outcome.data as Blob, theirs.data as Blob];
    expect([ours.type, await ours.text()]).toEqual([their.type, await their.text()]);
    expect(await ours.text()).toBe('{"id":"1"}');
  });
});
