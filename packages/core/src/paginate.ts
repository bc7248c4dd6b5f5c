/** Paging through a list operation (`x-careapis-paginate`): every item, or every page. */
import { CareApiBaseError } from './errors.js';
import { invoke } from './operation.js';
import type { CallOptions } from './options.js';
import type { OperationMeta } from './types.js';

/** How a list operation pages, from the spec. */
export type PageStyle =
  | { items: string; cursor: { param: string; next: string } }
  | { items: string; offset: { param: string; limit: string } };

/** What a paginator returns: `for await` over it yields every item; `.pages()` yields every page (the whole response body). */
export interface Paginator<Item, Page> extends AsyncIterable<Item> {
  /** Every page, in order, as the vendor returned it. */
  pages(): AsyncGenerator<Page, void, undefined>;
}

/**
 * Pages through `op`: a cursor list until the next-page field is absent, an offset list until a
 * page comes back shorter than the limit (or empty, when no limit is given). A failed page
 * rejects with its `CareApiError`; a cursor the server repeats throws instead of looping forever.
 */
export function paginate<Item, Page>(client: object, op: OperationMeta, style: PageStyle, args?: object, options?: CallOptions): Paginator<Item, Page> {
  async function* pages(): AsyncGenerator<Page, void, undefined> {
    const current: Record<string, unknown> = { ...args };
    const seen = new Set<string>();
    for (;;) {
      const page = await invoke<Page>(client, op, current, options);
      yield page;
      const items = itemsOf(page, style);
      if ('cursor' in style) {
        const next = (page as Record<string, unknown> | undefined)?.[style.cursor.next];
        if (typeof next !== 'string' || next === '') return;
        // A server that hands back a cursor it already gave would page forever: stop with a clear error instead.
        if (seen.has(next)) throw new CareApiBaseError(`${op.id}: the vendor returned the page cursor \`${style.cursor.next}\` it had already returned; stopped paging to avoid an endless loop`);
        seen.add(next);
        current[style.cursor.param] = next;
      } else {
        const limit = current[style.offset.limit];
        if (items.length === 0 || (typeof limit === 'number' && items.length < limit)) return;
        current[style.offset.param] = (typeof current[style.offset.param] === 'number' ? (current[style.offset.param] as number) : 0) + items.length;
      }
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* itemsOf(page, style) as Item[];
    },
  };
}

/** The items of one page: the named field, or the body itself when it is the array. */
function itemsOf(page: unknown, style: PageStyle): unknown[] {
  const items = (style.items ? (page as Record<string, unknown> | undefined)?.[style.items] : page) ?? [];
  if (!Array.isArray(items)) throw new CareApiBaseError(`expected an array in the response field "${style.items}"`);
  return items;
}
