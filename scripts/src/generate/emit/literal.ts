/**
 * Data written into generated modules as TypeScript literals: compact (an object or array that
 * fits on one line is written on one line) and without repetition (a part that occurs more than
 * once is written once, as a `const`, and referred to by name; a run of entries that several
 * objects share is written once and spread into each).
 */

/** A part written elsewhere as a `const`: printed as its name. */
export class Named {
  constructor(readonly name: string) {}
}

/** Key prefix of an entry that stands for a shared run of entries: `{ [SPREAD + name]: Named }` prints as `...name`. */
const SPREAD = '\u0000...';

/** A path of keys into a value. */
export type Path = (string | number)[];

/** One part written once: its name, the TypeScript type it is declared with (none: inferred), its value (itself referring to other parts), and where it first stood. */
export interface SharedPart {
  name: string;
  type?: string;
  value: unknown;
  at: Path;
}

/** A value with some of its parts written apart. */
export interface Shared {
  root: unknown;
  parts: SharedPart[];
}

/** Where a part may be shared: a pool (parts are shared only within one), its name and its declared type; undefined where nothing may be shared. */
export type Placement = (path: Path) => { pool: string; name: string; type?: string } | undefined;

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null && !(value instanceof Named);
const isObject = (value: unknown): value is Record<string, unknown> => isContainer(value) && !Array.isArray(value);

/** Content keys already computed: values are never changed in place (a rewrite makes new containers), so a key stays right. */
const keys = new WeakMap<object, string>();

/** The content of a value as a string, equal for equal values (`Named` parts by name). */
function keyOf(value: unknown): string {
  if (value instanceof Named) return `\u0000${value.name}`;
  if (!isContainer(value)) return JSON.stringify(value) ?? 'undefined';
  let key = keys.get(value);
  if (key === undefined) {
    key = Array.isArray(value) ? `[${value.map(keyOf).join(',')}]` : `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${keyOf(v)}`).join(',')}}`;
    keys.set(value, key);
  }
  return key;
}

/** A value with each container `replace` gives a replacement for swapped for it (undefined: kept, its children visited); unchanged containers are kept as they are. */
function rewrite(value: unknown, path: Path, replace: (value: object, path: Path) => unknown): unknown {
  if (!isContainer(value)) return value;
  const replaced = replace(value, path);
  if (replaced !== undefined) return replaced;
  const entries = Object.entries(value);
  const next = entries.map(([k, v]) => rewrite(v, [...path, Array.isArray(value) ? Number(k) : k], replace));
  if (next.every((v, i) => v === entries[i]![1])) return value;
  return Array.isArray(value) ? next : Object.fromEntries(entries.map(([k], i) => [k, next[i]]));
}

/** Every container of a value with its path (`top`: the value itself counts too). */
function* containers(value: unknown, path: Path, top: boolean): Generator<{ value: object; path: Path }> {
  if (!isContainer(value)) return;
  if (top) yield { value, path };
  for (const [k, v] of Object.entries(value)) yield* containers(v, [...path, Array.isArray(value) ? Number(k) : k], true);
}

/** Adds an item to the list a map keeps under a key. */
function listAdd<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** A unique name from `wanted` (`invalid422`, then `invalid422_2`; `body`, then `body2`), recorded in `taken`. */
function claim(wanted: string, taken: Set<string>): string {
  let name = wanted;
  const joint = /[0-9]$/.test(wanted) ? '_' : '';
  for (let n = 2; taken.has(name); n++) name = `${wanted}${joint}${n}`;
  taken.add(name);
  return name;
}

/** One place a candidate part stands: the container, its path, its pool and content, and the nearest candidate around it. */
interface Occurrence {
  node: object;
  path: Path;
  id: string;
  up: Occurrence | undefined;
}

/**
 * The parts of `root` that occur at least twice (by content, within one pool) and take at least
 * `minLength` characters on one line, each replaced by a {@link Named} reference: the largest
 * first, so a shared part may itself refer to smaller shared ones. A part counts as repeated
 * only where it stands more than once once the larger shared parts are written once (a part
 * repeated only inside copies of a larger shared part is not). `place` says, from where a part
 * stands, whether it may be shared, its pool, name and type; names are made unique against
 * `taken` (which gets them). Each candidate is looked at once: linear in the data's size.
 */
export function shareRepeated(root: unknown, place: Placement, taken: Set<string>, minLength = 60): Shared {
  const idOf = (value: object, path: Path): string | undefined => {
    const placement = place(path);
    const key = placement ? keyOf(value) : '';
    return placement && key.length >= minLength ? `${placement.pool}\u0001${key}` : undefined;
  };
  // Every candidate, in document order, by pool and content.
  const byId = new Map<string, Occurrence[]>();
  const walk = (value: unknown, path: Path, up: Occurrence | undefined): void => {
    if (!isContainer(value)) return;
    const id = idOf(value, path);
    const here = id === undefined ? up : { node: value, path, id, up };
    if (id !== undefined) listAdd(byId, id, here!);
    for (const [k, v] of Object.entries(value)) walk(v, [...path, Array.isArray(value) ? Number(k) : k], here);
  };
  walk(root, [], undefined);

  // Largest first: a part's places are those not inside a shared part, or inside the one copy of it that is written.
  const shared = new Map<string, { name: string; type?: string; at: Occurrence }>();
  const candidates = [...byId].filter(([, list]) => list.length > 1).sort(([a], [b]) => b.length - a.length);
  for (const [id, list] of candidates) {
    const places = list.filter((o) => {
      let around = o.up;
      while (around && !shared.has(around.id)) around = around.up;
      return !around || shared.get(around.id)!.at === around;
    });
    if (places.length < 2) continue;
    const at = places[0]!;
    const placement = place(at.path)!;
    shared.set(id, { name: claim(placement.name, taken), ...(placement.type ? { type: placement.type } : {}), at });
  }

  const swap = (top?: object) => (value: object, path: Path): Named | undefined => {
    if (value === top) return undefined;
    const id = idOf(value, path);
    const part = id === undefined ? undefined : shared.get(id);
    return part ? new Named(part.name) : undefined;
  };
  const rootValue = rewrite(root, [], swap());
  const parts = [...shared.values()].map(({ name, type, at }) => ({ name, ...(type ? { type } : {}), value: rewrite(at.node, at.path, swap(at.node)), at: at.path }));
  return { root: rootValue, parts: inUseOrder(rootValue, parts) };
}

/** An object searched for shared runs: where it stands, and its entries as numbers (equal entries, equal numbers). */
interface Searched {
  node: Record<string, unknown>;
  path: Path;
  ids: number[];
  /** Entries already in a shared run. */
  used: boolean[];
}

/**
 * Runs of at least `minEntries` entries (same keys, same values, same order) that several objects
 * share, taking at least `minLength` characters, each written once as a `const` and spread into
 * every object that has it (an object that is nothing but the run becomes the part itself): the
 * longest first, each entry in one run at most. Only objects `place` gives a placement for (by
 * their path) are searched, a run shared within one pool; the run is named and typed by the first. Key order is kept, so the
 * objects read as before.
 */
export function shareEntryRuns(shared: Shared, place: Placement, taken: Set<string>, minEntries = 4, minLength = 120): Shared {
  const trees = [{ value: shared.root, at: [] as Path }, ...shared.parts.map((part) => ({ value: part.value, at: part.at }))];
  const entryIds = new Map<string, number>();
  const entryLength: number[] = [];
  const searched: Searched[] = [];
  const seen = new Set<object>();
  for (const tree of trees) {
    for (const { value, path } of containers(tree.value, tree.at, true)) {
      const placement = isObject(value) && !seen.has(value) && Object.keys(value).length >= minEntries ? place(path) : undefined;
      if (!placement || !isObject(value)) continue;
      seen.add(value);
      // An entry's id covers its pool: runs are shared within one pool only.
      const ids = Object.entries(value).map(([k, v]) => {
        const text = `${JSON.stringify(k)}:${keyOf(v)}`;
        let id = entryIds.get(`${placement.pool}\u0001${text}`);
        if (id === undefined) {
          id = entryLength.length;
          entryIds.set(`${placement.pool}\u0001${text}`, id);
          entryLength.push(text.length);
        }
        return id;
      });
      searched.push({ node: value, path, ids, used: ids.map(() => false) });
    }
  }

  // Where each window of `minEntries` entries stands; two neighbours of a window, widened as far as they agree, give a run.
  const windows = new Map<string, { object: Searched; start: number }[]>();
  for (const object of searched) {
    for (let start = 0; start + minEntries <= object.ids.length; start++) {
      const key = object.ids.slice(start, start + minEntries).join(',');
      listAdd(windows, key, { object, start });
    }
  }
  const runs = new Map<string, number[]>();
  for (const list of windows.values()) {
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i]!;
      const b = list[i + 1]!;
      let left = 0;
      while (a.start - left > 0 && b.start - left > 0 && a.object.ids[a.start - left - 1] === b.object.ids[b.start - left - 1]) left++;
      let right = minEntries;
      while (a.start + right < a.object.ids.length && a.object.ids[a.start + right] === b.object.ids[b.start + right]) right++;
      const run = a.object.ids.slice(a.start - left, a.start + right);
      runs.set(run.join(','), run);
    }
  }

  // The longest runs first, each where it stands clear of runs already shared.
  const size = (run: number[]): number => run.reduce((n, id) => n + entryLength[id]!, 0);
  const spreads = new Map<object, { start: number; length: number; name: string }[]>();
  const parts: { name: string; type?: string; object: Searched; start: number; length: number }[] = [];
  for (const run of [...runs.values()].sort((a, b) => size(b) - size(a))) {
    if (size(run) < minLength) break;
    const places = (windows.get(run.slice(0, minEntries).join(',')) ?? []).filter(
      ({ object, start }) => start + run.length <= object.ids.length && run.every((id, j) => object.ids[start + j] === id && !object.used[start + j]),
    );
    if (places.length < 2) continue;
    const first = places[0]!;
    const placement = place(first.object.path)!;
    const name = claim(placement.name, taken);
    for (const { object, start } of places) {
      for (let j = 0; j < run.length; j++) object.used[start + j] = true;
      listAdd(spreads, object.node, { start, length: run.length, name });
    }
    parts.push({ name, ...(placement.type ? { type: placement.type } : {}), object: first.object, start: first.start, length: run.length });
  }

  /** An object with its runs spread in (the entries around them, and inside them, searched too). */
  const replace = (value: object, path: Path, top?: object): unknown => {
    const list = spreads.get(value);
    if (!list || !isObject(value)) return undefined;
    const entries = Object.entries(value);
    if (list.length === 1 && list[0]!.length === entries.length && value !== top) return new Named(list[0]!.name);
    const out: [string, unknown][] = [];
    for (let i = 0; i < entries.length; ) {
      const spread = list.find((r) => r.start === i);
      if (spread) {
        out.push([`${SPREAD}${spread.name}`, new Named(spread.name)]);
        i += spread.length;
      } else {
        const [k, v] = entries[i]!;
        out.push([k, rewrite(v, [...path, k], replace)]);
        i++;
      }
    }
    return Object.fromEntries(out);
  };
  const rootValue = rewrite(shared.root, [], replace);
  // A shared part that is nothing but a run stays a part of its own, `{ ...run }`.
  const rewritten = shared.parts.map((part) => ({ ...part, value: rewrite(part.value, part.at, (value, path) => replace(value, path, isContainer(part.value) ? part.value : undefined)) }));
  const added = parts.map(({ name, type, object, start, length }) => ({
    name,
    ...(type ? { type } : {}),
    value: Object.fromEntries(Object.entries(object.node).slice(start, start + length).map(([k, v]) => [k, rewrite(v, [...object.path, k], replace)])),
    at: object.path,
  }));
  return { root: rootValue, parts: inUseOrder(rootValue, [...rewritten, ...added]) };
}

/** The parts in the order they are first referred to from `root`, each after the parts it refers to. */
function inUseOrder(root: unknown, parts: SharedPart[]): SharedPart[] {
  const byName = new Map(parts.map((p) => [p.name, p]));
  const out: SharedPart[] = [];
  const done = new Set<string>();
  const walk = (value: unknown): void => {
    if (value instanceof Named) {
      const part = byName.get(value.name);
      if (!part || done.has(part.name)) return;
      done.add(part.name);
      walk(part.value);
      out.push(part);
    } else if (isContainer(value)) for (const v of Object.values(value)) walk(v);
  };
  walk(root);
  return out;
}

/** An object entry as TypeScript: a shared run spread, a key quoted as JSON (computed for `__proto__`: a plain `"__proto__":` would set the prototype). */
function entryText(key: string, valueText: string): string {
  if (key.startsWith(SPREAD)) return `...${valueText}`;
  return `${key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key)}: ${valueText}`;
}

/** A value on one line. */
function oneLine(value: unknown): string {
  if (value instanceof Named) return value.name;
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (isContainer(value)) {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => entryText(k, oneLine(v))).join(', ')} }` : '{}';
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * A value as a TypeScript literal starting after `lead` characters of its line at `indent`: on
 * one line when it fits in `width` columns, else one entry per line, each entry the same way (a
 * list of strings, numbers or booleans: as many per line as fit).
 */
export function literal(value: unknown, indent = '', lead = indent.length, width = 140): string {
  const flat = oneLine(value);
  if (lead + flat.length + 1 <= width || !isContainer(value)) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value) && value.every((v) => !isContainer(v) && !(v instanceof Named))) {
    const lines: string[] = [];
    for (const item of value.map((v) => JSON.stringify(v) ?? 'null')) {
      const last = lines[lines.length - 1];
      if (last !== undefined && inner.length + last.length + item.length + 3 <= width) lines[lines.length - 1] = `${last}, ${item}`;
      else lines.push(item);
    }
    return `[\n${lines.map((l) => `${inner}${l}`).join(',\n')}\n${indent}]`;
  }
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${literal(v, inner, inner.length, width)}`).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).map(([k, v]) => {
    const head = `${inner}${entryText(k, '')}`;
    return `${head}${literal(v, inner, head.length, width)}`;
  });
  return `{\n${entries.join(',\n')}\n${indent}}`;
}
