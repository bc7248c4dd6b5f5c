/**
 * One api-smart-diff change → one {@link Change} a client user understands, with the bump a
 * typed client needs. The library judges from the server's side; a generated TypeScript client
 * differs in three places, and these rules say so:
 *
 * - a request field that disappears is **major** (the library: compatible, the server ignores
 *   it; the client: callers that send it no longer compile);
 * - a response field that disappears is **major** (code that reads it no longer compiles);
 * - a new enum value in a *response* is **minor** (the library: breaking). The vendor sends the
 *   value whatever version callers have installed; the new type says so, and code with an
 *   exhaustive `switch` learns it at compile time. A major bump would only delay the truth.
 *
 * Operations added, removed or renamed, environments, auth, client options and the
 * `x-careapis-*` behaviour come from the generator's model instead (`model-diff.ts`).
 */
import { escapeSegment, followRefs, valueAt } from '../generate/pointer.js';
import { camelCase } from '../generate/model/index.js';
import type { Diff } from './api-diff.js';
import type { Bump, Change } from './change.js';

type Path = readonly (string | number)[];
type Side = 'request' | 'response';

/** What the subject of a schema change is called: "request field `x`", "query parameter `y`". */
interface Subject {
  side: Side;
  /** Label of the schema root: "request body", "query parameter `filter`". */
  root: string;
  /** Label of a field below the root. */
  field: (name: string) => string;
}

/** The two documents a diff was computed from. */
export interface DiffDocuments {
  before: unknown;
  after: unknown;
}

const LIBRARY_BUMP: Record<Diff['type'], Bump> = {
  breaking: 'major',
  'non-breaking': 'minor',
  deprecated: 'minor',
  annotation: 'patch',
  unclassified: 'minor',
};

const DOC_KEYS = new Set(['description', 'summary', 'title', 'externalDocs', 'tags', '$comment']);
/** Notes for spec readers; the generator ignores them, so no package changes. */
const IGNORED_KEYS = new Set(['x-careapis-note', 'x-careapis-inferred']);
const EXAMPLE_KEYS = new Set(['example', 'examples']);

/** Turns one library diff into a change, or undefined when the model diff covers it (or nobody can notice it). */
export function describeDiff(diff: Diff, docs: DiffDocuments): Change | undefined {
  const { path } = diff;
  const library = LIBRARY_BUMP[diff.type];
  if (path.some((p) => IGNORED_KEYS.has(String(p)))) return undefined;
  switch (path[0]) {
    case 'paths':
      return path.length > 3 ? describeOperationDiff(diff, docs) : undefined;
    case 'components':
      if (path[1] === 'schemas' && path.length === 3 && diff.action !== 'replace') {
        return diff.action === 'add'
          ? { bump: 'minor', text: `type \`Schemas['${path[2]}']\` was added` }
          : { bump: 'major', text: `type \`Schemas['${path[2]}']\` was removed` };
      }
      if (path[1] === 'securitySchemes' && diff.type === 'annotation') return docChange(undefined, path);
      return undefined;
    case 'info':
      return path[1] === 'version' ? undefined : docChange(undefined, path);
    case 'servers':
    case 'security':
    case 'openapi':
      return undefined;
    default:
      return library === 'patch' || DOC_KEYS.has(String(path[0])) ? docChange(undefined, path) : { bump: library, text: `\`${path.join('.')}\` changed` };
  }
}

function describeOperationDiff(diff: Diff, docs: DiffDocuments): Change | undefined {
  const { path } = diff;
  const method = methodName(docs, String(path[1]), String(path[2]));
  const key = String(path[3]);
  const rest = path.slice(4);
  const library = LIBRARY_BUMP[diff.type];
  if (key === 'parameters') return describeParameterDiff(diff, docs, method, rest);
  if (key === 'requestBody') return describeBodyDiff(diff, method, rest);
  if (key === 'responses') return describeResponseDiff(diff, method, rest);
  if (key === 'deprecated') return { bump: 'minor', method, text: diff.after === true ? 'is now deprecated' : 'is no longer deprecated' };
  if (key === 'x-careapis-idempotent') {
    return { bump: 'minor', method, text: diff.after === true ? 'is now retried on failure (marked idempotent)' : 'is no longer retried on failure (no longer marked idempotent)' };
  }
  // Method names, pagination and per-operation auth are compared on the generator's model.
  if (key === 'operationId' || key === 'x-careapis-paginate' || key === 'security') return undefined;
  if (DOC_KEYS.has(key) || EXAMPLE_KEYS.has(key)) return docChange(method, path.slice(3));
  if (key === 'servers') return { bump: library === 'patch' ? 'minor' : library, method, text: 'uses different servers' };
  return { bump: library, method, text: `\`${[key, ...rest].join('.')}\` ${verb(diff)}` };
}

function describeParameterDiff(diff: Diff, docs: DiffDocuments, method: string, rest: Path): Change | undefined {
  const library = LIBRARY_BUMP[diff.type];
  const param = parameterAt(diff, docs, rest);
  // Headers the client sends itself are client options, compared on the model.
  if (param?.['x-careapis-client-option'] !== undefined) return undefined;
  const label = param ? `${param.in} parameter \`${param.name}\`` : 'a parameter';
  if (rest.length === 0) {
    // The whole list appeared or went away.
    const names = (valuesOf(diff).flat() as unknown[]).map((p) => resolveRef(diff.action === 'add' ? docs.after : docs.before, p)).map((p) => `\`${String((p as { name?: unknown } | undefined)?.name)}\``);
    return diff.action === 'remove' ? { bump: 'major', method, text: `parameters ${names.join(', ')} were removed` } : { bump: library, method, text: `new parameters ${names.join(', ')}` };
  }
  if (rest.length === 1) {
    if (diff.action === 'add') return { bump: library, method, text: `new ${param?.required ? 'required' : 'optional'} ${label}` };
    if (diff.action === 'remove') return { bump: 'major', method, text: `${label} was removed` };
    return { bump: library, method, text: `${label} was replaced` };
  }
  const key = String(rest[1]);
  if (key === 'required') return { bump: library, method, text: `${label} is now ${diff.after === true ? 'required' : 'optional'}` };
  if (key === 'deprecated') return { bump: 'minor', method, text: `${label} is ${diff.after === true ? 'now' : 'no longer'} deprecated` };
  if (key === 'schema') {
    const subject: Subject = { side: 'request', root: label, field: (name) => `${label} field \`${name}\`` };
    return describeSchemaDiff(diff, method, subject, rest.slice(2));
  }
  if (DOC_KEYS.has(key) || EXAMPLE_KEYS.has(key)) return docChange(method, [key]);
  return { bump: library, method, text: `${label}: \`${key}\` ${verb(diff)}` };
}

function describeBodyDiff(diff: Diff, method: string, rest: Path): Change | undefined {
  const library = LIBRARY_BUMP[diff.type];
  if (rest.length === 0) return { bump: library, method, text: `request body was ${diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : 'replaced'}` };
  const key = String(rest[0]);
  if (key === 'required') return { bump: library, method, text: `request body is now ${diff.after === true ? 'required' : 'optional'}` };
  if (key !== 'content') return DOC_KEYS.has(key) ? docChange(method, [key]) : { bump: library, method, text: `request body: \`${key}\` ${verb(diff)}` };
  const mediaType = String(rest[1] ?? '');
  if (rest.length <= 2) return { bump: library, method, text: `request body media type \`${mediaType}\` was ${past(diff)}` };
  const key2 = String(rest[2]);
  if (key2 === 'schema') return describeSchemaDiff(diff, method, { side: 'request', root: 'request body', field: (name) => `request field \`${name}\`` }, rest.slice(3));
  if (EXAMPLE_KEYS.has(key2)) return docChange(method, [key2]);
  return { bump: library, method, text: `request body (${mediaType}): \`${key2}\` ${verb(diff)}` };
}

function describeResponseDiff(diff: Diff, method: string, rest: Path): Change | undefined {
  const library = LIBRARY_BUMP[diff.type];
  const status = String(rest[0] ?? '');
  const statuses = [status];
  if (rest.length === 1) {
    const text = diff.action === 'add' ? `now documents a \`${status}\` response` : diff.action === 'remove' ? `no longer documents a \`${status}\` response` : `the \`${status}\` response was replaced`;
    return { bump: library, method, text };
  }
  const key = String(rest[1]);
  if (key === 'x-careapis-retry-after') return undefined;
  if (key === 'headers') return { bump: library, method, text: `response header \`${String(rest[2] ?? '')}\` ${verb(diff)}`, statuses };
  if (key !== 'content') return DOC_KEYS.has(key) ? docChange(method, [key]) : { bump: library, method, text: `response: \`${key}\` ${verb(diff)}`, statuses };
  const mediaType = String(rest[2] ?? '');
  if (rest.length <= 3) return { bump: library, method, text: `response media type \`${mediaType}\` was ${past(diff)}`, statuses };
  const key2 = String(rest[3]);
  if (key2 === 'schema') {
    const change = describeSchemaDiff(diff, method, { side: 'response', root: 'response body', field: (name) => `response field \`${name}\`` }, rest.slice(4));
    return change && change.bump !== 'patch' ? { ...change, statuses } : change;
  }
  if (EXAMPLE_KEYS.has(key2)) return docChange(method, [key2]);
  return { bump: library, method, text: `response (${mediaType}): \`${key2}\` ${verb(diff)}`, statuses };
}

/** A change inside a schema: `rest` is the path below the schema root. */
function describeSchemaDiff(diff: Diff, method: string, subject: Subject, rest: Path): Change | undefined {
  const library = LIBRARY_BUMP[diff.type];
  const { field, keyword, args } = walkSchema(rest);
  const label = (name: string): string => (name ? subject.field(name) : subject.root);
  const here = label(field);
  const request = subject.side === 'request';

  if (keyword === undefined) {
    if (!field) return { bump: library, method, text: `${subject.root} schema was replaced` };
    if (diff.action === 'add') return { bump: library, method, text: `${here} was added` };
    // A field that disappears breaks callers of a typed client on either side.
    if (diff.action === 'remove') return { bump: 'major', method, text: `${here} was removed` };
    return { bump: library, method, text: `${here} was replaced` };
  }
  if (keyword === 'properties' && args.length === 0) {
    // A schema got its first properties, or lost all of them.
    const value = diff.action === 'remove' ? diff.before : diff.after;
    const names = Object.keys(typeof value === 'object' && value !== null ? value : {}).map((n) => label(join(field, n)));
    if (diff.action === 'remove') return { bump: 'major', method, text: `${names.join(', ')} ${names.length > 1 ? 'were' : 'was'} removed` };
    if (diff.action === 'add') return { bump: library, method, text: `${names.join(', ')} ${names.length > 1 ? 'were' : 'was'} added` };
  }
  if (keyword === 'required') {
    const names = valuesOf(diff);
    const targets = names.map((n) => label(join(field, String(n)))).join(', ');
    const added = diff.action === 'add';
    if (request) return { bump: library, method, text: `${targets} ${names.length > 1 ? 'are' : 'is'} now ${added ? 'required' : 'optional'}` };
    return { bump: library, method, text: added ? `${targets} ${names.length > 1 ? 'are' : 'is'} now always present` : `${targets} may now be absent` };
  }
  if (keyword === 'enum') {
    const values = valuesOf(diff).map(code).join(', ');
    if (args.length === 0 || diff.action === 'replace') {
      const bump = request ? library : 'minor';
      return { bump, method, text: `${here}: allowed values changed${diff.action === 'replace' ? ` (${code(diff.before)} → ${code(diff.after)})` : ''}` };
    }
    if (diff.action === 'add') return { bump: 'minor', method, text: request ? `${here} accepts ${values}` : `${here} may now be ${values}` };
    return request ? { bump: 'major', method, text: `${here} no longer accepts ${values}` } : { bump: 'minor', method, text: `${here} is no longer ${values}` };
  }
  if (keyword === 'type' && args.length === 0) {
    // Callers of a typed client break when a request type narrows or a response type widens.
    const [was, now] = [typeSet(diff.before), typeSet(diff.after)];
    const compatible = request ? includes(now, was) : includes(was, now);
    return { bump: compatible ? 'minor' : 'major', method, text: `${here} type changed from ${typeText(diff.before)} to ${typeText(diff.after)}` };
  }
  if (keyword === 'deprecated') return { bump: 'minor', method, text: `${here} is ${diff.after === true ? 'now' : 'no longer'} deprecated` };
  if (DOC_KEYS.has(keyword) || EXAMPLE_KEYS.has(keyword)) return docChange(method, [keyword]);
  if (keyword === 'oneOf' || keyword === 'anyOf') return { bump: library, method, text: `${here}: a variant was ${past(diff)}` };
  if (diff.action === 'replace') return { bump: library, method, text: `${here}: \`${keyword}\` changed from ${code(diff.before)} to ${code(diff.after)}` };
  const value = diff.action === 'add' ? diff.after : diff.before;
  return { bump: library, method, text: `${here}: \`${keyword}\`${isShort(value) ? ` ${code(value)}` : ''} was ${past(diff)}` };
}

/** Splits a path below a schema into the field it names (`contacts[].phone`) and the keyword that changed. */
export function walkSchema(rest: Path): { field: string; keyword: string | undefined; args: Path } {
  let field = '';
  let i = 0;
  while (i < rest.length) {
    const seg = rest[i];
    const next = rest[i + 1];
    if (seg === 'properties' && next !== undefined) {
      field = join(field, String(next));
      i += 2;
    } else if (seg === 'items' && i + 1 < rest.length) {
      field = `${field}[]`;
      i += 1;
    } else if (seg === 'additionalProperties' && i + 1 < rest.length) {
      field = `${field}{}`;
      i += 1;
    } else if ((seg === 'allOf' || seg === 'anyOf' || seg === 'oneOf') && typeof next === 'number' && i + 2 < rest.length) {
      i += 2;
    } else {
      return { field, keyword: String(seg), args: rest.slice(i + 1) };
    }
  }
  return { field, keyword: undefined, args: [] };
}

function join(field: string, name: string): string {
  return field ? `${field}.${name}` : name;
}

/** Documentation-only change, aggregated per method later. */
function docChange(method: string | undefined, path: Path): Change {
  const examples = path.some((p) => EXAMPLE_KEYS.has(String(p)));
  return { bump: 'patch', method, text: '', docs: examples ? 'examples' : 'descriptions' };
}

/** The method name of the operation at `paths[path][verb]`, preferring the new name. */
function methodName(docs: DiffDocuments, path: string, verbName: string): string {
  for (const doc of [docs.after, docs.before]) {
    const id = at(doc, ['paths', path, verbName, 'operationId']);
    if (typeof id === 'string') return camelCase(id);
  }
  return `${verbName.toUpperCase()} ${path}`;
}

interface ParameterLike {
  name: string;
  in: string;
  required?: boolean;
  'x-careapis-client-option'?: unknown;
}

/** The parameter a diff under `parameters` is about: from the diff value, or by index in the operation's list. */
function parameterAt(diff: Diff, docs: DiffDocuments, rest: Path): ParameterLike | undefined {
  const doc = diff.action === 'add' ? docs.after : docs.before;
  const isParam = (v: unknown): v is ParameterLike => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string';
  if (rest.length === 1) {
    const value = resolveRef(doc, diff.action === 'add' ? diff.after : diff.before);
    if (isParam(value)) return value;
  }
  // The library lists an operation's own parameters first, then its path item's.
  const [, path, verbName] = diff.path;
  const own = at(doc, ['paths', String(path), String(verbName), 'parameters']);
  const shared = at(doc, ['paths', String(path), 'parameters']);
  const list = [...(Array.isArray(own) ? own : []), ...(Array.isArray(shared) ? shared : [])];
  const value = resolveRef(doc, list[Number(rest[0])]);
  return isParam(value) ? value : undefined;
}

function at(doc: unknown, keys: readonly string[]): unknown {
  return valueAt(doc, keys.map((k) => `/${escapeSegment(k)}`).join(''));
}

function resolveRef(doc: unknown, value: unknown): unknown {
  return followRefs(doc, value).value;
}

function valuesOf(diff: Diff): unknown[] {
  const value = diff.action === 'remove' ? diff.before : diff.after;
  return Array.isArray(value) ? value : [value];
}

function verb(diff: Diff): string {
  return diff.action === 'add' ? 'was added' : diff.action === 'remove' ? 'was removed' : 'changed';
}

function past(diff: Diff): string {
  return diff.action === 'add' ? 'added' : diff.action === 'remove' ? 'removed' : diff.action === 'rename' ? 'renamed' : 'replaced';
}

function isShort(value: unknown): boolean {
  return value !== undefined && (typeof value !== 'object' || value === null) && String(value).length <= 40;
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** The JSON types a `type` value allows (`integer` is also a `number`). */
function typeSet(value: unknown): Set<string> {
  return new Set((Array.isArray(value) ? value : [value]).map(String));
}

/** Whether every type in `inner` is allowed by `outer`. */
function includes(outer: Set<string>, inner: Set<string>): boolean {
  return [...inner].every((t) => outer.has(t) || (t === 'integer' && outer.has('number')));
}

function typeText(value: unknown): string {
  return Array.isArray(value) ? value.map(code).join(' | ') : code(value);
}
