/**
 * Paginators (`x-careapis-paginate`) against a loopback server: cursor paging (Stedi, Candid) over
 * several pages, `.pages()` yielding whole pages, offset paging (CertifyOS) stopping on a short or
 * empty page, a failed page rejecting with its CareApiError, per-call options on every page, and a
 * server that misbehaves: a repeated cursor must not loop forever.
 */
import { describe, expect, it } from 'vitest';
import { CareApiAbortError, CareApiBaseError, CareApiError, createStediClient, listAllProviders, type ListProvidersArgs } from '@careapis/stedi';
import { createCandidClient, listAllContracts } from '@careapis/candid';
import { createCertifyosClient, listAllProviders as listAllCertifyosProviders } from '@careapis/certifyos';
import { hang, reply, useLoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { useLeakCheck } from './secret-leaks.js';

const STEDI_KEY = 'stedi-key-pagination-4d1f';
const CANDID_TOKEN = 'candid-token-pagination-8a2c';
const CERTIFYOS_TOKEN = 'certifyos-token-pagination-3e9b';
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const LIST = 'GET /providers';

const leaks = useLeakCheck({ STEDI_KEY, CANDID_TOKEN, CERTIFYOS_TOKEN });
const server = useLoopbackServer();
const stedi = (options: { maxRetries?: number } = {}) => createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, ...options });
const certifyos = () => createCertifyosClient({ token: CERTIFYOS_TOKEN, organizationId: 'org-1', baseUrl: server.url, retry: FAST });

/** A Stedi provider summary. */
const provider = (id: string) => ({ id, name: `Dental ${id}`, npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' as const });
/** Three Stedi pages chained by cursor: p1 p2 → t2 → p3 p4 → t3 → p5 (no next token). */
const STEDI_PAGES: Record<string, { items: ReturnType<typeof provider>[]; nextPageToken?: string }> = {
  '': { items: [provider('p1'), provider('p2')], nextPageToken: 't2' },
  t2: { items: [provider('p3'), provider('p4')], nextPageToken: 't3' },
  t3: { items: [provider('p5')] },
};
/** The query of a recorded request. */
const queryOf = (request: RecordedRequest) => new URL(request.url, 'http://x').searchParams;
/** Answers Stedi's list by the `pageToken` it is sent. */
const stediPages = (request: RecordedRequest) => {
  const page = STEDI_PAGES[queryOf(request).get('pageToken') ?? ''];
  return page ? reply(200, page) : reply(400, { message: 'unknown page token' });
};
/** Every item of an async iterable. */
async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('cursor paging', () => {
  it('Stedi: follows nextPageToken over three pages, keeping the caller\'s arguments on every page, and stops when it is absent', async () => {
    server.script(LIST, stediPages);
    const args: ListProvidersArgs = { pageSize: 2, filter: 'Dental', providerNpis: ['1999999992', '1234567893'] };
    const items = await all(listAllProviders(stedi(), args));
    expect(items.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(items[0]).toEqual(provider('p1'));
    expect(server.on(LIST).map((r) => r.url)).toEqual([
      '/providers?pageSize=2&filter=Dental&providerNpis=1999999992&providerNpis=1234567893',
      '/providers?pageSize=2&filter=Dental&providerNpis=1999999992&providerNpis=1234567893&pageToken=t2',
      '/providers?pageSize=2&filter=Dental&providerNpis=1999999992&providerNpis=1234567893&pageToken=t3',
    ]);
    expect(server.on(LIST).map((r) => r.headers.authorization)).toEqual(Array(3).fill(STEDI_KEY));
    // The caller's arguments are left as they were.
    expect(args).toEqual({ pageSize: 2, filter: 'Dental', providerNpis: ['1999999992', '1234567893'] });
  });

  it('Stedi: an empty string or null as the next token ends the paging too', async () => {
    server.script(LIST, reply(200, { items: [provider('p1')], nextPageToken: '' }));
    expect((await all(listAllProviders(stedi()))).map((p) => p.id)).toEqual(['p1']);
    server.clear();
    server.script(LIST, reply(200, { items: [provider('p1')], nextPageToken: null }));
    expect((await all(listAllProviders(stedi()))).map((p) => p.id)).toEqual(['p1']);
    expect(server.count(LIST)).toBe(1);
  });

  it('Candid: follows next_page_token as page_token (snake case), a page without items contributing none', async () => {
    const route = 'GET /api/contracts/v2';
    server.script(route, (request) => {
      const token = queryOf(request).get('page_token');
      if (token === null) return reply(200, { items: [{ contract_id: 'c1' }, { contract_id: 'c2' }], next_page_token: 'n2' });
      if (token === 'n2') return reply(200, { items: [], next_page_token: 'n3' });
      return reply(200, { items: [{ contract_id: 'c3' }] });
    });
    const candid = createCandidClient({ token: CANDID_TOKEN, baseUrl: server.url });
    const items = await all(listAllContracts(candid, { limit: 2 }));
    expect(items).toEqual([{ contract_id: 'c1' }, { contract_id: 'c2' }, { contract_id: 'c3' }]);
    expect(server.on(route).map((r) => r.url)).toEqual(['/api/contracts/v2?limit=2', '/api/contracts/v2?limit=2&page_token=n2', '/api/contracts/v2?limit=2&page_token=n3']);
    expect(server.on(route).map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${CANDID_TOKEN}`));
  });

  it('.pages() yields every whole page, next-page field included, in order', async () => {
    server.script(LIST, stediPages);
    const pages = await all(listAllProviders(stedi(), { pageSize: 2 }).pages());
    expect(pages).toEqual([STEDI_PAGES[''], STEDI_PAGES.t2, STEDI_PAGES.t3]);
    expect(server.count(LIST)).toBe(3);
  });

  it('is lazy and stops when the caller stops: nothing is sent before iterating, nothing after a break', async () => {
    server.script(LIST, stediPages);
    const paginator = listAllProviders(stedi(), { pageSize: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.count()).toBe(0);
    for await (const item of paginator) {
      expect(item.id).toBe('p1');
      break;
    }
    expect(server.count(LIST)).toBe(1);
    // The same paginator starts over from the first page when iterated again.
    expect((await all(paginator)).map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(server.count(LIST)).toBe(4);
  });

  it('per-call options apply to every page: headers sent on each, a retried page is retried', async () => {
    let second = 0;
    server.script(LIST, (request) => {
      const token = queryOf(request).get('pageToken');
      if (token === 't2' && ++second === 1) return reply(503, { message: 'down' });
      return stediPages(request);
    });
    const items = await all(listAllProviders(stedi(), { pageSize: 2 }, { headers: { 'x-trace': 'trace-7' }, maxRetries: 1 }));
    expect(items.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(server.on(LIST).map((r) => queryOf(r).get('pageToken'))).toEqual([null, 't2', 't2', 't3']);
    expect(server.on(LIST).map((r) => r.headers['x-trace'])).toEqual(Array(4).fill('trace-7'));
  });
});

describe('offset paging', () => {
  const route = 'GET /v2/providers';
  /** CertifyOS's list (a bare array) served from `total` providers by offset and limit. */
  const certifyosPages = (total: number) => (request: RecordedRequest) => {
    const query = queryOf(request);
    const offset = Number(query.get('offset') ?? 0);
    const limit = query.has('limit') ? Number(query.get('limit')) : 3;
    return reply(200, Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ provider_id: `cp${offset + i + 1}` })));
  };

  it('CertifyOS: advances offset by the items received and stops on a page shorter than the limit', async () => {
    server.script(route, certifyosPages(5));
    const items = await all(listAllCertifyosProviders(certifyos(), { limit: 2, flagged: true }));
    expect(items.map((p) => p.provider_id)).toEqual(['cp1', 'cp2', 'cp3', 'cp4', 'cp5']);
    expect(server.on(route).map((r) => r.url)).toEqual(['/v2/providers?limit=2&flagged=true', '/v2/providers?limit=2&flagged=true&offset=2', '/v2/providers?limit=2&flagged=true&offset=4']);
    expect(server.on(route).map((r) => r.headers['organization-id'])).toEqual(Array(3).fill('org-1'));
  });

  it('a last page exactly as long as the limit is followed by one empty page, then paging stops', async () => {
    server.script(route, certifyosPages(4));
    const pages = await all(listAllCertifyosProviders(certifyos(), { limit: 2 }).pages());
    expect(pages.map((page) => page.map((p) => p.provider_id))).toEqual([['cp1', 'cp2'], ['cp3', 'cp4'], []]);
    expect(server.count(route)).toBe(3);
  });

  it('starts from the caller\'s offset; without a limit, stops only on an empty page', async () => {
    server.script(route, certifyosPages(7));
    const items = await all(listAllCertifyosProviders(certifyos(), { offset: 1 }));
    expect(items.map((p) => p.provider_id)).toEqual(['cp2', 'cp3', 'cp4', 'cp5', 'cp6', 'cp7']);
    expect(server.on(route).map((r) => r.url)).toEqual(['/v2/providers?offset=1', '/v2/providers?offset=4', '/v2/providers?offset=7']);
  });
});

describe('a server that misbehaves', () => {
  it('stops with a clear error when the server repeats a cursor', async () => {
    // Every page says "there is more", with the same cursor.
    server.script(LIST, (_request, n) => reply(200, { items: [{ id: `p${n}`, name: 'Dental Associates', npi: '1999999992' }], nextPageToken: 'same-cursor' }));
    const ids: string[] = [];
    const failure = await (async () => {
      for await (const provider of listAllProviders(stedi())) ids.push(provider.id);
    })().catch((e: unknown) => leaks.record(e));
    expect(String(failure)).toMatch(/page cursor `nextPageToken` it had already returned/);
    expect(failure).toBeInstanceOf(CareApiBaseError);
    expect(failure).not.toBeInstanceOf(CareApiError);
    expect(ids).toEqual(['p1', 'p2']);
    expect(server.count()).toBe(2);
  });

  it('a cursor that comes back after another one (A, B, A) throws too, through .pages() as well', async () => {
    const cursors = ['A', 'B', 'A', 'B'];
    server.script(LIST, (_request, n) => reply(200, { items: [provider(`p${n}`)], nextPageToken: cursors[n - 1] }));
    const pages: unknown[] = [];
    const failure = await (async () => {
      for await (const page of listAllProviders(stedi()).pages()) pages.push(page);
    })().catch((e: unknown) => leaks.record(e));
    expect(failure).toBeInstanceOf(CareApiBaseError);
    expect(String(failure)).toMatch(/already returned/);
    expect(pages).toHaveLength(3);
    expect(server.on(LIST).map((r) => queryOf(r).get('pageToken'))).toEqual([null, 'A', 'B']);
  });

  it('a failed page rejects with its CareApiError, after the items of the pages before it', async () => {
    server.script(LIST, (request) =>
      queryOf(request).get('pageToken') === 't2' ? reply(404, { message: 'page token expired', code: 'NOT_FOUND' }, { 'x-amzn-requestid': 'req-page-2' }) : stediPages(request),
    );
    const ids: string[] = [];
    const failure = await (async () => {
      for await (const item of listAllProviders(stedi(), { pageSize: 2 })) ids.push(item.id);
    })().catch((e: unknown) => leaks.record(e));
    expect(ids).toEqual(['p1', 'p2']);
    expect(failure).toBeInstanceOf(CareApiError);
    expect(failure).toMatchObject({
      vendor: 'stedi',
      operationId: 'listProviders',
      status: 404,
      kind: 'notFound',
      requestId: 'req-page-2',
      attempts: 1,
      body: { message: 'page token expired', code: 'NOT_FOUND' },
    });
    expect(server.count(LIST)).toBe(2);
  });

  it('a page that keeps failing after its retries rejects .pages() with the CareApiError and its attempt count', async () => {
    server.script(LIST, (request) => (queryOf(request).get('pageToken') === 't3' ? reply(503, { message: 'down' }) : stediPages(request)));
    const pages: unknown[] = [];
    const failure = await (async () => {
      for await (const page of listAllProviders(stedi({ maxRetries: 2 }), { pageSize: 2 }).pages()) pages.push(page);
    })().catch((e: unknown) => leaks.record(e));
    expect(pages).toEqual([STEDI_PAGES[''], STEDI_PAGES.t2]);
    expect(failure).toBeInstanceOf(CareApiError);
    expect(failure).toMatchObject({ operationId: 'listProviders', status: 503, kind: 'server', attempts: 3 });
    expect(server.count(LIST)).toBe(5);
  });

  it("the caller's signal aborts the paging between pages", async () => {
    server.script(LIST, (request) => (queryOf(request).get('pageToken') === 't2' ? hang() : stediPages(request)));
    const controller = new AbortController();
    const ids: string[] = [];
    const failure = await (async () => {
      for await (const item of listAllProviders(stedi(), { pageSize: 2 }, { signal: controller.signal })) {
        ids.push(item.id);
        if (ids.length === 2) setTimeout(() => controller.abort(), 50);
      }
    })().catch((e: unknown) => leaks.record(e));
    expect(ids).toEqual(['p1', 'p2']);
    expect(failure).toBeInstanceOf(CareApiAbortError);
    expect(server.count(LIST)).toBe(2);
  });
});
