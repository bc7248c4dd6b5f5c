/**
 * JSON pointers (RFC 6901) and local `$ref`s: the one place the repository's scripts read a
 * document by pointer — the generator's model, the regen classifier and the drift watch.
 */
import type { Ref } from './spec-types.js';

/** RFC 6901 escaping of one pointer segment. */
export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The segments of a JSON pointer (`''` is the whole document). */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(doc: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), doc);
}

/** Whether a value is a reference object (`{ $ref: '…' }`). */
export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && typeof (value as { $ref?: unknown }).$ref === 'string';
}

/** What following a value's local `$ref`s reached: the value (undefined when a ref dangles), its pointer, and why it stopped short. */
export interface Resolved {
  value: unknown;
  /** Pointer of the last `$ref` followed, or undefined when the value was no ref. */
  pointer: string | undefined;
  /** Set when a ref is not local (`#/…`), dangles, or refs chain more than `maxHops` deep. */
  problem?: string;
}

/** Follows `value`'s local `$ref`s through `doc`, at most `maxHops` of them. */
export function followRefs(doc: unknown, value: unknown, maxHops = 16): Resolved {
  let current = value;
  let pointer: string | undefined;
  for (let hops = 0; isRef(current); hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#') || hops >= maxHops) return { value: undefined, pointer, problem: `only local $refs are supported, got ${ref}` };
    pointer = ref.slice(1);
    current = valueAt(doc, pointer);
    if (current === undefined) return { value: undefined, pointer, problem: `$ref ${ref} points at nothing` };
  }
  return { value: current, pointer };
}
