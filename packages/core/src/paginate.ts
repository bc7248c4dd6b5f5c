/** Async iteration over every item of a paged list operation (`x-careapis-paginate`). */
import { CareApiBaseError } from './errors.js';
import { unwrap, type FetchResult } from './result.js';

/** How a list operation pages, from the spec. */
export type PageStyle =
  | { items: string; cursor: { param: string; next: string } }
  | { items: string; offset: { param: string; limit: string } };

type Init = { params?: { query?: Record<string, unknown> } & Record<string, unknown> } & Record<string, unknown>;

/** One page request: a client's list method (any of them: the init is built here). */
type PageCall = (init?: never) => Promise<unknown>;

/**
 * Yields every item, page by page: a cursor list until the next-page field is absent, an offset
 * list until a page comes back shorter than the limit (or empty, when no limit is given). A failed page
 * throws a `CareApiError`; a cursor the server repeats throws instead of looping forever.
 */
export async function* paginate<Item>(call: PageCall, style: PageStyle, first?: object): AsyncGenerator<Item, void, undefined> {
  const init = (first ?? {}) as Init;
  const query: Record<string, unknown> = { ...init.params?.query };
  const seen = new Set<string>();
  for (;;) {
    const page = await unwrap((call as unknown as (init: object) => Promise<FetchResult>)({ ...init, params: { ...init.params, query } }));
    const items = (style.items ? (page as Record<string, unknown> | undefined)?.[style.items] : page) ?? [];
    if (!Array.isArray(items)) throw new TypeError(`expected an array in the response field "${style.items}"`);
    yield* items as Item[];
    if ('cursor' in style) {
      const next = (page as Record<string, unknown> | undefined)?.[style.cursor.next];
      if (typeof next !== 'string' || next === '') return;
      // A server that hands back a cursor it already gave would page forever: stop with a clear error instead.
      if (seen.has(next)) throw new CareApiBaseError(`the vendor returned the page cursor \`${style.cursor.next}\` it had already returned; stopped paging to avoid an endless loop`);
      seen.add(next);
      query[style.cursor.param] = next;
    } else {
      const limit = query[style.offset.limit];
      if (items.length === 0 || (typeof limit === 'number' && items.length < limit)) return;
      query[style.offset.param] = (typeof query[style.offset.param] === 'number' ? (query[style.offset.param] as number) : 0) + items.length;
    }
  }
}
