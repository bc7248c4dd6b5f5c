/**
 * The allow-list: `x-careapis-drift-allow` on the operation, parameter or schema where our spec
 * departs from the vendor's description on purpose. An entry counts only when the object that
 * carries it explains the departure in its `description`; an unexplained entry allows nothing and
 * is reported (see {@link AllowLookup.problems}).
 *
 * ```yaml
 * x-careapis-drift-allow:
 *   absent: true          # operation or parameter: not in the vendor's document, on purpose
 *   parameters: [sort]    # operation: these parameters differ (present, required) on purpose
 *   responses: ['422']    # operation: these status codes are in one document only, on purpose
 *   required: [npi]       # object schema: these properties' required-ness differs on purpose
 *   enum: [ITIN]          # schema or parameter: these values are in one document only, on purpose
 * ```
 */
import { at, isObject } from './operations.js';

/** The extension's value. */
export interface AllowEntry {
  absent?: true;
  parameters?: string[];
  responses?: string[];
  required?: string[];
  enum?: unknown[];
}

/** Where an allow-list entry was found and why it is there. */
export interface Allowance {
  pointer: string;
  /** The host's description: the reason for the departure. */
  reason: string;
}

/** Reads allow-list entries of one document, remembering entries that explain nothing. */
export class AllowLookup {
  /** Allow-list entries whose host has no description, by pointer. */
  readonly problems = new Map<string, string>();

  constructor(private readonly doc: unknown) {}

  /** The first of `pointers` whose allow-list entry passes `test`, with the host's description. */
  find(pointers: readonly string[], test: (entry: AllowEntry) => boolean): Allowance | undefined {
    for (const pointer of pointers) {
      const host = at(this.doc, pointer);
      if (!isObject(host) || !isObject(host['x-careapis-drift-allow'])) continue;
      const entry = host['x-careapis-drift-allow'] as AllowEntry;
      if (!test(entry)) continue;
      const reason = [host.description, host.summary].find((d): d is string => typeof d === 'string' && d.trim() !== '');
      if (!reason) {
        this.problems.set(pointer, `\`x-careapis-drift-allow\` at ${pointer} has no \`description\` on its object explaining the departure, so it allows nothing`);
        continue;
      }
      return { pointer, reason: oneLine(reason) };
    }
    return undefined;
  }
}

/** Whether a list of values (as JSON strings) is wholly listed in an `enum` allowance. */
export function listsValues(entry: AllowEntry, values: readonly string[]): boolean {
  const allowed = new Set((entry.enum ?? []).map((v) => JSON.stringify(v)));
  return values.length > 0 && values.every((v) => allowed.has(v));
}

/** Whether a parameter is named in an operation's `parameters` allowance (`name` or `in:name`). */
export function listsParameter(entry: AllowEntry, where: string, name: string): boolean {
  return (entry.parameters ?? []).some((p) => p.toLowerCase() === name.toLowerCase() || p.toLowerCase() === `${where}:${name}`.toLowerCase());
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
