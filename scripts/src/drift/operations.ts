/**
 * The operations of an OpenAPI document (3.0 or 3.1) as the drift watch compares them: one entry
 * per `METHOD path`, the path with the server's base path in front (`/2024-09-01/providers/{}`),
 * so two documents that split host and path differently still line up. Path parameter names are
 * blanked (`{}`): renaming one changes nothing on the wire.
 *
 * Schemas are read through {@link flattenSchema}: every field path (`contacts[].phone`) with
 * whether it is required and which values it may take, and the JSON pointers in the document
 * where that is written, so an edit can be made there (see `edits.ts`).
 */
import { escapeSegment, followRefs, valueAt } from '../generate/pointer.js';
import { HTTP_METHODS } from '../generate/spec-types.js';

/** A JSON object, loosely typed: the documents here are any vendor's. */
export type Node = Record<string, unknown>;

/** A parameter of an operation, `$ref` resolved. */
export interface ParameterEntry {
  name: string;
  in: string;
  required: boolean;
  /** Pointer of the parameter object in the document. */
  pointer: string;
  /** Pointer of the list item that names it (a `$ref` or the object itself). */
  itemPointer: string;
  node: Node;
}

/** One operation of a document. */
export interface OperationEntry {
  /** `GET /2024-09-01/providers/{}`. */
  key: string;
  method: string;
  /** The full path with parameter names (`/2024-09-01/providers/{providerId}`). */
  fullPath: string;
  /** The path as written under `paths`. */
  path: string;
  /** Pointer of the operation object. */
  pointer: string;
  operationId: string | undefined;
  node: Node;
  /** Query, header and cookie parameters (path parameters are part of the key). */
  parameters: ParameterEntry[];
  /** Pointer of the request body's schema, for the first JSON-like media type. */
  bodySchema: string | undefined;
  /** Status codes as written (`200`, `4XX`, `default`). */
  statuses: string[];
  /** The lowest 2xx status with a body schema, and that schema's pointer. */
  success: { status: string; schema: string } | undefined;
}

/** Escapes one JSON pointer segment. */
export const seg = escapeSegment;

/** The value at a JSON pointer, or undefined. */
export const at = valueAt;

/** Follows `$ref`s from `pointer`: the pointer and value finally reached (local refs only). */
export function deref(doc: unknown, pointer: string): { pointer: string; node: unknown } {
  const { value, pointer: reached } = followRefs(doc, valueAt(doc, pointer), 32);
  return { pointer: reached ?? pointer, node: value };
}

/** Whether a value is a plain object. */
export function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path part of a server URL (`https://h/2024-09-01/` → `/2024-09-01`); templated hosts are fine. */
export function basePath(url: string | undefined): string {
  if (!url) return '';
  const rest = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return rest.replace(/\/+$/, '');
}

/** `/a/{x}/b/` → `/a/{}/b`. */
export function normalizePath(path: string): string {
  return (path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '') || '/').replace(/\/{2,}/g, '/');
}

const JSON_LIKE = /json|form|text\/plain/;

/** Every operation of an OpenAPI document, keyed by `METHOD /normalized/full/path`. */
export function indexOperations(doc: unknown): Map<string, OperationEntry> {
  const out = new Map<string, OperationEntry>();
  if (!isObject(doc) || !isObject(doc.paths)) return out;
  const rootServer = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? String(doc.servers[0].url ?? '') : '';
  for (const path of Object.keys(doc.paths)) {
    const itemPointer = `/paths/${seg(path)}`;
    const { node: item, pointer: itemAt } = deref(doc, itemPointer);
    if (!isObject(item)) continue;
    const itemServer = Array.isArray(item.servers) && isObject(item.servers[0]) ? String(item.servers[0].url ?? '') : undefined;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = `${itemAt}/${method}`;
      const opServer = Array.isArray(op.servers) && isObject(op.servers[0]) ? String(op.servers[0].url ?? '') : undefined;
      const fullPath = `${basePath(opServer ?? itemServer ?? rootServer)}${path}`;
      const key = `${method.toUpperCase()} ${normalizePath(fullPath)}`;
      const parameters = collectParameters(doc, item, op, itemAt, pointer);
      out.set(key, {
        key,
        method: method.toUpperCase(),
        fullPath,
        path,
        pointer,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        node: op,
        parameters,
        bodySchema: bodySchemaPointer(doc, pointer),
        ...responses(doc, pointer),
      });
    }
  }
  return out;
}

function collectParameters(doc: unknown, item: Node, op: Node, itemAt: string, opAt: string): ParameterEntry[] {
  const byKey = new Map<string, ParameterEntry>();
  const read = (list: unknown, listAt: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((_, i) => {
      const itemPointer = `${listAt}/${i}`;
      const { node, pointer } = deref(doc, itemPointer);
      if (!isObject(node) || typeof node.name !== 'string' || typeof node.in !== 'string' || node.in === 'path') return;
      const name = node.in === 'header' ? node.name.toLowerCase() : node.name;
      // Operation-level parameters override path-level ones with the same name and location.
      byKey.set(`${node.in}:${name}`, { name, in: node.in, required: node.required === true, pointer, itemPointer, node });
    });
  };
  read(item.parameters, `${itemAt}/parameters`);
  read(op.parameters, `${opAt}/parameters`);
  return [...byKey.values()];
}

function mediaSchema(doc: unknown, contentAt: string): string | undefined {
  const content = deref(doc, contentAt).node;
  if (!isObject(content)) return undefined;
  const types = Object.keys(content);
  const chosen = types.find((t) => /json/.test(t)) ?? types.find((t) => JSON_LIKE.test(t)) ?? types[0];
  if (chosen === undefined) return undefined;
  const media = content[chosen];
  return isObject(media) && media.schema !== undefined ? `${contentAt}/${seg(chosen)}/schema` : undefined;
}

function bodySchemaPointer(doc: unknown, opAt: string): string | undefined {
  const { node, pointer } = deref(doc, `${opAt}/requestBody`);
  if (!isObject(node)) return undefined;
  return mediaSchema(doc, `${pointer}/content`);
}

function responses(doc: unknown, opAt: string): { statuses: string[]; success: OperationEntry['success'] } {
  const list = at(doc, `${opAt}/responses`);
  if (!isObject(list)) return { statuses: [], success: undefined };
  const statuses = Object.keys(list);
  let success: OperationEntry['success'];
  for (const status of [...statuses].sort()) {
    if (!/^2/.test(status)) continue;
    const { node, pointer } = deref(doc, `${opAt}/responses/${seg(status)}`);
    if (!isObject(node)) continue;
    const schema = mediaSchema(doc, `${pointer}/content`);
    if (schema) {
      success = { status, schema };
      break;
    }
  }
  return { statuses, success };
}

/** What a schema says about one field path. */
export interface FieldFacts {
  /** Required in the object that holds it (for a root: true). */
  required: boolean;
  /** Allowed values (`enum`, or `const`s of the variants), JSON-encoded; undefined when unconstrained. */
  values: Set<string> | undefined;
  /** Pointers of the object schemas that declare this field as a property (edits of `required` go there). */
  owners: string[];
  /** Pointers of the schema nodes that carry its `enum` or `const`. */
  valueNodes: string[];
  /** Pointers of every schema node read for this field: before and after each `$ref`. */
  nodes: string[];
  /** The nodes among `nodes` that are objects with `properties` (where a new child field goes). */
  objects: string[];
}

/** Field path → facts; '' is the schema root. */
export type FlatSchema = Map<string, FieldFacts>;

/**
 * Every field of a schema, through `$ref`, `allOf` (merged), `oneOf`/`anyOf` (a field is required
 * only when every variant that declares it requires it; values are the union), `items` (`[]`)
 * and `additionalProperties` (`{}`). A cycle stops where it starts again.
 */
export function flattenSchema(doc: unknown, pointer: string): FlatSchema {
  const out: FlatSchema = new Map();
  walk(doc, pointer, '', out, [], true);
  return out;
}

function fact(out: FlatSchema, field: string): FieldFacts {
  let f = out.get(field);
  if (!f) out.set(field, (f = { required: false, values: undefined, owners: [], valueNodes: [], nodes: [], objects: [] }));
  return f;
}

function join(field: string, name: string): string {
  return field ? `${field}.${name}` : name;
}

function walk(doc: unknown, pointer: string, field: string, out: FlatSchema, stack: string[], rootRequired: boolean): void {
  const { node, pointer: here } = deref(doc, pointer);
  if (!isObject(node) || stack.includes(here) || stack.length > 24) return;
  const next = [...stack, here];
  const self = fact(out, field);
  if (field === '') self.required = rootRequired;
  for (const p of new Set([pointer, here])) if (!self.nodes.includes(p)) self.nodes.push(p);
  if (isObject(node.properties) && !self.objects.includes(here)) self.objects.push(here);
  const values = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : undefined;
  if (values) {
    self.values ??= new Set();
    for (const v of values) if (v !== null) self.values.add(JSON.stringify(v));
    self.valueNodes.push(here);
  }
  if (isObject(node.properties)) {
    const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
    for (const name of Object.keys(node.properties)) {
      const child = fact(out, join(field, name));
      child.owners.push(here);
      if (required.has(name)) child.required = true;
      walk(doc, `${here}/properties/${seg(name)}`, join(field, name), out, next, false);
    }
  }
  if (node.items !== undefined && !Array.isArray(node.items)) walk(doc, `${here}/items`, `${field}[]`, out, next, false);
  if (isObject(node.additionalProperties)) walk(doc, `${here}/additionalProperties`, `${field}{}`, out, next, false);
  if (Array.isArray(node.allOf)) node.allOf.forEach((_, i) => walk(doc, `${here}/allOf/${i}`, field, out, next, false));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const variants = node[key];
    if (!Array.isArray(variants)) continue;
    const flats = variants.map((_, i) => {
      const flat: FlatSchema = new Map();
      walk(doc, `${here}/${key}/${i}`, field, flat, next, false);
      return flat;
    });
    mergeVariants(out, field, flats);
  }
}

/** Adds the variants' fields: required only where every variant declaring the field requires it. */
function mergeVariants(out: FlatSchema, root: string, flats: FlatSchema[]): void {
  const names = new Set(flats.flatMap((f) => [...f.keys()]));
  for (const name of names) {
    const declared = flats.map((f) => f.get(name)).filter((f): f is FieldFacts => f !== undefined);
    const target = fact(out, name);
    if (name !== root && declared.some((d) => d.owners.length > 0) && declared.filter((d) => d.owners.length > 0).every((d) => d.required)) target.required = true;
    for (const d of declared) {
      target.owners.push(...d.owners);
      target.valueNodes.push(...d.valueNodes);
      target.nodes.push(...d.nodes.filter((n) => !target.nodes.includes(n)));
      target.objects.push(...d.objects.filter((n) => !target.objects.includes(n)));
      if (d.values) {
        target.values ??= new Set();
        for (const v of d.values) target.values.add(v);
      }
    }
  }
}
