/**
 * What differs between our spec and the vendor's own description, for the operations our spec
 * covers: paths and methods, parameters (name, location, required), required body fields (request
 * and success response), enum values, response status codes.
 *
 * Every difference carries an *edit*: the change to our spec that would make it say what the
 * vendor's document says. `severity.ts` applies each edit to a copy of the spec and asks the regen
 * classifier what that edit would mean for the package, so a drift is rated exactly as the same
 * spec change would be when someone makes it.
 */
import type { AllowEntry, Allowance } from './allow.js';
import { AllowLookup, listsParameter, listsValues } from './allow.js';
import { at, deref, flattenSchema, isObject, normalizePath, seg, type FieldFacts, type Node, type OperationEntry, indexOperations } from './operations.js';

/** The kinds of difference, named from the vendor's side. */
export type DriftKind =
  | 'operation-missing'
  | 'operation-new'
  | 'parameter-new'
  | 'parameter-missing'
  | 'parameter-required'
  | 'field-required'
  | 'values-added'
  | 'values-removed'
  | 'values-constrained'
  | 'values-unconstrained'
  | 'status-new'
  | 'status-missing';

/** One difference between the two documents. */
export interface Difference {
  kind: DriftKind;
  /** Our operationId, or the vendor's `METHOD /path` for an operation we do not have. */
  operation: string;
  /** What the vendor's document says, in words. */
  vendorSays: string;
  /** Makes our (copied) document say the same. Returns false when that cannot be written. */
  edit: (doc: Node) => boolean;
  /** Set when the spec's allow-list covers it. */
  allowed?: Allowance | undefined;
}

/** How to read the vendor's document. */
export interface CompareOptions {
  /** The vendor's description has status codes (an SDK may not). */
  statusCodes: boolean;
  /** Vendor paths (full, with base path) whose new operations count; default: ours and below. */
  scope?: string[] | undefined;
  /** Vendor operations we leave out on purpose (`METHOD /path` as the vendor writes it). */
  ignore?: { operation: string; reason: string }[] | undefined;
}

/** The comparison: differences, and what could not be compared. */
export interface Comparison {
  differences: Difference[];
  /** Operations of ours found in the vendor's document. */
  matched: number;
  /** Operations of ours. */
  covered: number;
  /** Allow-list entries that allow nothing (no description on their object). */
  allowProblems: string[];
}

/** Compares our spec with the vendor's document. */
export function compareDocuments(ours: unknown, theirs: unknown, options: CompareOptions): Comparison {
  const mine = indexOperations(ours);
  const vendor = indexOperations(theirs);
  const allow = new AllowLookup(ours);
  const differences: Difference[] = [];
  let matched = 0;

  for (const [key, op] of mine) {
    const name = op.operationId ?? key;
    const other = vendor.get(key);
    if (!other) {
      differences.push({
        kind: 'operation-missing',
        operation: name,
        vendorSays: `has no ${op.method} ${op.fullPath}`,
        edit: (doc) => removeOperation(doc, op),
        allowed: allow.find([op.pointer], (e) => e.absent === true),
      });
      continue;
    }
    matched++;
    differences.push(...compareParameters(ours, theirs, op, other, allow));
    if (op.bodySchema && other.bodySchema) differences.push(...compareSchemas(ours, theirs, op, op.bodySchema, other.bodySchema, 'request', allow));
    if (op.success && other.success) differences.push(...compareSchemas(ours, theirs, op, op.success.schema, other.success.schema, 'response', allow));
    if (options.statusCodes) differences.push(...compareStatuses(theirs, op, other, allow));
  }

  const scope = (options.scope ?? [...mine.values()].map((op) => normalizePath(op.fullPath))).map(normalizePath);
  const ignored = new Map((options.ignore ?? []).map((i) => [`${i.operation.split(' ')[0]} ${normalizePath(i.operation.slice(i.operation.indexOf(' ') + 1))}`, i.reason]));
  for (const [key, op] of vendor) {
    if (mine.has(key)) continue;
    const path = normalizePath(op.fullPath);
    if (!scope.some((s) => path === s || path.startsWith(`${s}/`))) continue;
    const reason = ignored.get(key);
    differences.push({
      kind: 'operation-new',
      operation: `${op.method} ${op.fullPath}`,
      vendorSays: `has ${op.method} ${op.fullPath}${op.operationId ? ` (${op.operationId})` : ''}, which our spec does not cover`,
      edit: (doc) => addOperation(doc, op),
      allowed: reason ? { pointer: '/info/x-careapis-upstream/ignore', reason } : undefined,
    });
  }
  return { differences, matched, covered: mine.size, allowProblems: [...allow.problems.values()] };
}

function compareParameters(ours: unknown, theirs: unknown, op: OperationEntry, other: OperationEntry, allow: AllowLookup): Difference[] {
  const out: Difference[] = [];
  const name = op.operationId ?? op.key;
  const skip = authHeaders(ours, theirs);
  const theirsByKey = new Map(other.parameters.map((p) => [`${p.in}:${p.name}`, p]));
  const oursByKey = new Map(op.parameters.map((p) => [`${p.in}:${p.name}`, p]));
  const opAllows = (p: { in: string; name: string }) => (e: AllowEntry) => listsParameter(e, p.in, p.name);
  for (const [key, mine] of oursByKey) {
    if (mine.in === 'header' && skip.has(mine.name)) continue;
    const vendor = theirsByKey.get(key);
    const label = `${mine.in} parameter \`${mine.name}\``;
    if (!vendor) {
      out.push({
        kind: 'parameter-missing',
        operation: name,
        vendorSays: `has no ${label}`,
        edit: (doc) => removeParameter(doc, mine.itemPointer),
        allowed: allow.find([op.pointer], opAllows(mine)) ?? allow.find([mine.pointer], (e) => e.absent === true),
      });
      continue;
    }
    if (mine.required !== vendor.required) {
      out.push({
        kind: 'parameter-required',
        operation: name,
        vendorSays: `makes ${label} ${vendor.required ? 'required' : 'optional'} (ours: ${mine.required ? 'required' : 'optional'})`,
        edit: (doc) => setParameterRequired(doc, mine.itemPointer, vendor.required),
        allowed: allow.find([op.pointer], opAllows(mine)),
      });
    }
    const schemaOf = (pointer: string) => `${pointer}/schema`;
    if (isObject(at(ours, schemaOf(mine.pointer))) && isObject(at(theirs, schemaOf(vendor.pointer)))) {
      const [a, b] = [flattenSchema(ours, schemaOf(mine.pointer)), flattenSchema(theirs, schemaOf(vendor.pointer))];
      for (const [field, theirsFacts] of b) {
        const mineFacts = a.get(field);
        if (mineFacts) out.push(...compareValues(name, field ? `${label} field \`${field}\`` : label, mineFacts, theirsFacts, 'request', allow, [mine.pointer]));
      }
    }
  }
  for (const [key, vendor] of theirsByKey) {
    if (oursByKey.has(key) || (vendor.in === 'header' && skip.has(vendor.name))) continue;
    const label = `${vendor.in} parameter \`${vendor.name}\``;
    out.push({
      kind: 'parameter-new',
      operation: name,
      vendorSays: `has a ${vendor.required ? 'required' : 'optional'} ${label} that our spec does not have`,
      edit: (doc) => addParameter(doc, op.pointer, vendor.node),
      allowed: allow.find([op.pointer], opAllows(vendor)),
    });
  }
  return out;
}

/** Header parameters that only restate authentication or content negotiation. */
function authHeaders(...docs: unknown[]): Set<string> {
  const names = new Set(['authorization', 'content-type', 'accept']);
  for (const doc of docs) {
    const schemes = at(doc, '/components/securitySchemes');
    if (!isObject(schemes)) continue;
    for (const s of Object.values(schemes)) if (isObject(s) && s.type === 'apiKey' && s.in === 'header' && typeof s.name === 'string') names.add(s.name.toLowerCase());
  }
  return names;
}

function compareSchemas(ours: unknown, theirs: unknown, op: OperationEntry, mine: string, vendor: string, side: 'request' | 'response', allow: AllowLookup): Difference[] {
  const out: Difference[] = [];
  const name = op.operationId ?? op.key;
  const a = flattenSchema(ours, mine);
  const b = flattenSchema(theirs, vendor);
  const label = (field: string): string => (field ? `${side} field \`${field}\`` : `${side} body`);
  for (const [field, theirsFacts] of b) {
    const mineFacts = a.get(field);
    if (field !== '' && theirsFacts.owners.length > 0) {
      const parent = parentOf(field);
      const parentFacts = a.get(parent);
      const prop = lastName(field);
      const oursRequired = mineFacts?.required === true && mineFacts.owners.length > 0;
      if (theirsFacts.required !== oursRequired && (mineFacts?.owners.length || (theirsFacts.required && parentFacts?.objects.length))) {
        const hosts = mineFacts?.owners.length ? mineFacts.owners : (parentFacts?.objects ?? []);
        const what = side === 'request' ? (theirsFacts.required ? 'requires' : 'does not require') : theirsFacts.required ? 'always returns' : 'may leave out';
        out.push({
          kind: 'field-required',
          operation: name,
          vendorSays: `${what} ${label(field)}${mineFacts?.owners.length ? '' : ' (not in our spec)'}`,
          edit: (doc) => setFieldRequired(doc, hosts, prop, theirsFacts.required),
          allowed: allow.find([...hosts, ...(mineFacts?.nodes ?? [])], (e) => (e.required ?? []).includes(prop)),
        });
      }
    }
    if (mineFacts && (mineFacts.owners.length || field === '')) out.push(...compareValues(name, label(field), mineFacts, theirsFacts, side, allow, []));
  }
  // Fields we require that the vendor's document does not have at all.
  for (const [field, mineFacts] of a) {
    if (field === '' || b.has(field) || !mineFacts.required || mineFacts.owners.length === 0) continue;
    const parent = b.get(parentOf(field));
    if (!parent || parent.objects.length === 0) continue;
    const prop = lastName(field);
    out.push({
      kind: 'field-required',
      operation: name,
      vendorSays: `has no ${label(field)} (ours: ${side === 'request' ? 'required' : 'always present'})`,
      edit: (doc) => setFieldRequired(doc, mineFacts.owners, prop, false),
      allowed: allow.find([...mineFacts.owners, ...mineFacts.nodes], (e) => (e.required ?? []).includes(prop)),
    });
  }
  return out;
}

function compareValues(operation: string, label: string, mine: FieldFacts, theirs: FieldFacts, side: 'request' | 'response', allow: AllowLookup, extraHosts: string[]): Difference[] {
  const out: Difference[] = [];
  const hosts = [...extraHosts, ...mine.nodes, ...mine.valueNodes];
  const show = (values: string[]): string => values.map((v) => `\`${JSON.parse(v) as string}\``).join(', ');
  if (mine.values && theirs.values) {
    const added = [...theirs.values].filter((v) => !mine.values!.has(v));
    const removed = [...mine.values].filter((v) => !theirs.values!.has(v));
    if (added.length) {
      out.push({
        kind: 'values-added',
        operation,
        vendorSays: `${side === 'request' ? 'accepts' : 'may return'} ${show(added)} for ${label}`,
        edit: (doc) => addValues(doc, mine.valueNodes, added),
        allowed: allow.find(hosts, (e) => listsValues(e, added)),
      });
    }
    if (removed.length) {
      out.push({
        kind: 'values-removed',
        operation,
        vendorSays: `no longer lists ${show(removed)} for ${label}`,
        edit: (doc) => removeValues(doc, mine.valueNodes, removed),
        allowed: allow.find(hosts, (e) => listsValues(e, removed)),
      });
    }
  } else if (theirs.values && !mine.values) {
    const values = [...theirs.values];
    out.push({
      kind: 'values-constrained',
      operation,
      vendorSays: `limits ${label} to ${show(values)} (ours: any value)`,
      edit: (doc) => constrain(doc, mine.nodes, values),
      allowed: allow.find(hosts, (e) => listsValues(e, values)),
    });
  } else if (mine.values && !theirs.values) {
    const values = [...mine.values];
    out.push({
      kind: 'values-unconstrained',
      operation,
      vendorSays: `does not limit ${label} to a list of values (ours: ${show(values)})`,
      edit: (doc) => removeValues(doc, mine.valueNodes, values),
      allowed: allow.find(hosts, (e) => listsValues(e, values)),
    });
  }
  return out;
}

function compareStatuses(theirs: unknown, op: OperationEntry, other: OperationEntry, allow: AllowLookup): Difference[] {
  const out: Difference[] = [];
  const name = op.operationId ?? op.key;
  const mine = new Set(op.statuses.map((s) => s.toUpperCase()));
  const vendor = new Set(other.statuses.map((s) => s.toUpperCase()));
  for (const status of other.statuses) {
    if (mine.has(status.toUpperCase())) continue;
    out.push({
      kind: 'status-new',
      operation: name,
      vendorSays: `documents a \`${status}\` response that our spec does not`,
      edit: (doc) => addStatus(doc, op.pointer, status, theirs, other.pointer),
      allowed: allow.find([op.pointer], (e) => (e.responses ?? []).includes(status)),
    });
  }
  for (const status of op.statuses) {
    if (vendor.has(status.toUpperCase())) continue;
    out.push({
      kind: 'status-missing',
      operation: name,
      vendorSays: `does not document the \`${status}\` response`,
      edit: (doc) => removeKey(doc, `${op.pointer}/responses`, status),
      allowed: allow.find([op.pointer], (e) => (e.responses ?? []).includes(status)),
    });
  }
  return out;
}

function parentOf(field: string): string {
  const dot = field.lastIndexOf('.');
  return dot < 0 ? '' : field.slice(0, dot);
}

function lastName(field: string): string {
  return field.slice(field.lastIndexOf('.') + 1);
}

// ————— Edits: each makes our copied document say what the vendor's says. —————

function node(doc: unknown, pointer: string): Node | undefined {
  const value = at(doc, pointer);
  return isObject(value) ? value : undefined;
}

function removeKey(doc: Node, parentPointer: string, key: string): boolean {
  const parent = node(doc, parentPointer);
  if (!parent || !(key in parent)) return false;
  delete parent[key];
  return true;
}

function removeOperation(doc: Node, op: OperationEntry): boolean {
  const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf('/'));
  if (!removeKey(doc, itemPointer, op.method.toLowerCase())) return false;
  return true;
}

/** A camelCase method name the spec does not use yet. */
function freshOperationId(doc: Node, wanted: string): string {
  const used = new Set<string>();
  for (const item of Object.values(node(doc, '/paths') ?? {})) if (isObject(item)) for (const op of Object.values(item)) if (isObject(op) && typeof op.operationId === 'string') used.add(op.operationId);
  const base = wanted.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[A-Z]/, (c) => c.toLowerCase()) || 'vendorOperation';
  let id = /^[a-z]/.test(base) ? base : `op${base}`;
  for (let n = 2; used.has(id); n++) id = `${base}${n}`;
  return id;
}

function addOperation(doc: Node, op: OperationEntry): boolean {
  const paths = node(doc, '/paths');
  if (!paths) return false;
  const servers = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? String(doc.servers[0].url ?? '') : '';
  const base = servers.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');
  const path = base && op.fullPath.startsWith(`${base}/`) ? op.fullPath.slice(base.length) : op.fullPath;
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? 'id');
  const item = (paths[path] ??= {}) as Node;
  const summary = typeof op.node.summary === 'string' ? op.node.summary : `${op.method} ${path}`;
  item[op.method.toLowerCase()] = {
    operationId: freshOperationId(doc, op.operationId ?? `${op.method.toLowerCase()} ${path.replace(/\{[^}]*\}/g, '')}`),
    summary,
    description: summary,
    ...(names.length ? { parameters: names.map((name) => ({ name, in: 'path', required: true, description: name, schema: { type: 'string' } })) } : {}),
    responses: Object.fromEntries((op.statuses.length ? op.statuses : ['200']).map((s) => [s, { description: s }])),
  };
  return true;
}

function removeParameter(doc: Node, itemPointer: string): boolean {
  const listPointer = itemPointer.slice(0, itemPointer.lastIndexOf('/'));
  const list = at(doc, listPointer);
  const index = Number(itemPointer.slice(itemPointer.lastIndexOf('/') + 1));
  if (!Array.isArray(list) || !(index in list)) return false;
  list.splice(index, 1);
  return true;
}

/** Inlines a `$ref`'d parameter (so the edit touches only this operation), then sets `required`. */
function setParameterRequired(doc: Node, itemPointer: string, required: boolean): boolean {
  const { node: param } = deref(doc, itemPointer);
  if (!isObject(param)) return false;
  const copy = structuredClone(param);
  copy.required = required;
  const listPointer = itemPointer.slice(0, itemPointer.lastIndexOf('/'));
  const list = at(doc, listPointer);
  const index = Number(itemPointer.slice(itemPointer.lastIndexOf('/') + 1));
  if (!Array.isArray(list)) return false;
  list[index] = copy;
  return true;
}

/** A schema of the vendor's, `$ref`s replaced by `{}` (they point into the vendor's document). */
function foreignSchema(theirs: unknown, pointer: string): Node {
  const { node: schema } = deref(theirs, pointer);
  if (!isObject(schema)) return {};
  const strip = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => strip(v, depth + 1));
    if (!isObject(value)) return value;
    if (typeof value.$ref === 'string' || depth > 6) return {};
    return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')).map(([k, v]) => [k, strip(v, depth + 1)]));
  };
  return strip(schema, 0) as Node;
}

function addParameter(doc: Node, opPointer: string, vendorParam: Node): boolean {
  const op = node(doc, opPointer);
  if (!op) return false;
  const list = (Array.isArray(op.parameters) ? op.parameters : (op.parameters = [])) as unknown[];
  const schema = isObject(vendorParam.schema) && typeof vendorParam.schema.$ref !== 'string' ? foreignSchema({ s: vendorParam.schema }, '/s') : { type: 'string' };
  list.push({ name: vendorParam.name, in: vendorParam.in, required: vendorParam.required === true, description: 'A parameter of the vendor\'s.', schema });
  return true;
}

function setFieldRequired(doc: Node, owners: string[], prop: string, required: boolean): boolean {
  let changed = false;
  for (const pointer of new Set(owners)) {
    const owner = node(doc, pointer);
    if (!owner) continue;
    const props = (isObject(owner.properties) ? owner.properties : (owner.properties = {})) as Node;
    if (!(prop in props)) props[prop] = { description: 'A field of the vendor\'s.' };
    const list = Array.isArray(owner.required) ? (owner.required as unknown[]).map(String) : [];
    const next = required ? [...new Set([...list, prop])] : list.filter((n) => n !== prop);
    if (next.length) owner.required = next;
    else delete owner.required;
    changed = true;
  }
  return changed;
}

function addValues(doc: Node, nodes: string[], values: string[]): boolean {
  let changed = false;
  for (const pointer of new Set(nodes)) {
    const n = node(doc, pointer);
    if (!n) continue;
    const parsed = values.map((v) => JSON.parse(v) as unknown);
    if (Array.isArray(n.enum)) n.enum = [...n.enum, ...parsed];
    else if (n.const !== undefined) {
      n.enum = [n.const, ...parsed];
      delete n.const;
    } else continue;
    changed = true;
    break;
  }
  return changed;
}

function removeValues(doc: Node, nodes: string[], values: string[]): boolean {
  const drop = new Set(values);
  let changed = false;
  for (const pointer of new Set(nodes)) {
    const n = node(doc, pointer);
    if (!n) continue;
    if (Array.isArray(n.enum)) {
      const kept = n.enum.filter((v) => !drop.has(JSON.stringify(v)));
      if (kept.length !== n.enum.length) {
        if (kept.length) n.enum = kept;
        else delete n.enum;
        changed = true;
      }
    } else if (n.const !== undefined && drop.has(JSON.stringify(n.const))) {
      delete n.const;
      changed = true;
    }
  }
  return changed;
}

function constrain(doc: Node, nodes: string[], values: string[]): boolean {
  const target = [...nodes].reverse().map((p) => node(doc, p)).find((n): n is Node => n !== undefined && n.$ref === undefined);
  if (!target) return false;
  target.enum = values.map((v) => JSON.parse(v) as unknown);
  return true;
}

function addStatus(doc: Node, opPointer: string, status: string, theirs: unknown, vendorOp: string): boolean {
  const responses = node(doc, `${opPointer}/responses`);
  if (!responses) return false;
  const { node: vendorResponse, pointer } = deref(theirs, `${vendorOp}/responses/${seg(status)}`);
  const media = isObject(vendorResponse) && isObject(vendorResponse.content) ? Object.keys(vendorResponse.content)[0] : undefined;
  responses[status] = {
    description: `${status} response of the vendor's`,
    ...(media ? { content: { [media]: { schema: foreignSchema(theirs, `${pointer}/content/${seg(media)}/schema`) } } } : {}),
  };
  return true;
}

