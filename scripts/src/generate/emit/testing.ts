/**
 * `src/testing.ts`: the test kit, `@careapis/<vendor>/testing`. MSW request handlers that answer
 * every operation of the vendor the way the spec documents it: the success status with the
 * spec's example as body, and, for a request the vendor would reject (no credentials, a missing
 * or malformed parameter, a body that breaks its schema, a content type it does not take), the
 * vendor's own error status and body with a message saying what is wrong.
 *
 * Everything the handlers need is read from the spec here, at generation time, and written into
 * the module as data (a {@link MockData}: the routes, the example bodies, and the request schemas,
 * annotations stripped, `$ref`s pointing into one `$defs`), each part that repeats written once.
 * The module adds the vendor's types (operation names, typed override bodies) and hands the data
 * to the runtime in `@careapis/core/testing`, which builds the handlers and checks requests. It
 * imports only types from the package's main entry, so nothing of it (nor msw, openapi-msw or the
 * validator) reaches a bundle of the client.
 */
import type { OperationModel, VendorModel } from '../model/index.js';
import { camelCase } from '../model/index.js';
import { escapeSegment, followRefs, isRef, pointerSegments } from '../pointer.js';
import type { Kind, MockAnswer, MockApi, MockRoute } from '@careapis/core/testing';
import type { Json, MediaType, OpenApiDocument, Ref, ResponseObject, Schema } from '../spec-types.js';
import { jsdoc, tsHeader } from './header.js';
import { literal, shareEntryRuns, shareRepeated, type Path, type Placement } from './literal.js';
import { operationType } from './types.js';

export type { Kind, MockAnswer, MockRoute };

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The data the generated module embeds, in the shape the runtime of `@careapis/core/testing` takes
 * (with the package name, environments and credentials beside it): the routes and the component
 * schemas they refer to. Of each route, `answer` is its first 2xx response with its example;
 * `invalid` the one of its 400 and 422 responses (else 4XX/default) most like a validation error,
 * or the vendor's usual one when it lists none or only business errors; `unsupported` its 415
 * response, else `invalid`; `unauthorized` its 401 response, else 4XX/default, with status 401.
 */
export type MockData = Pick<MockApi, 'routes' | 'defs'>;

/** JSON Schema keywords kept in the embedded schemas (validation only: annotations are dropped). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
const PLAIN = new Set([
  'type', 'enum', 'const', 'required', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minContains', 'maxContains', 'minProperties', 'maxProperties', 'dependentRequired',
]);

/** The value a local `$ref` (`#/components/schemas/X`) points at, following `$ref` chains; undefined when one dangles or is not local. */
export function resolveRef<T>(doc: OpenApiDocument, value: T | Ref): T | undefined {
  return followRefs(doc, value, 32).value as T | undefined;
}

/** The component schema name a `$ref` names, if it names one. */
function componentName(ref: string): string | undefined {
  const segments = ref.startsWith('#/') ? pointerSegments(ref.slice(1)) : [];
  return segments.length === 3 && segments[0] === 'components' && segments[1] === 'schemas' ? segments[2] : undefined;
}

/** A schema reduced to its validation keywords, `#/components/schemas/X` refs rewritten to `#/$defs/X`; `wanted` collects the names referred to. */
export function validationSchema(schema: unknown, wanted: Set<string>): Node {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { not: {} };
  if (!isNode(schema)) return {};
  if (isRef(schema)) {
    const name = componentName(schema.$ref);
    if (name === undefined) return {};
    wanted.add(name);
    return { $ref: `#/$defs/${escapeSegment(name)}` };
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PLAIN.has(key)) out[key] = value;
    else if (SCHEMA_VALUES.has(key)) out[key] = typeof value === 'boolean' ? value : validationSchema(value, wanted);
    else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = value.map((v) => validationSchema(v, wanted));
    else if (SCHEMA_MAPS.has(key) && isNode(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, validationSchema(v, wanted)]));
  }
  return out;
}

/** The primitive type of a schema, for reading a parameter's text. */
export function kindOf(doc: OpenApiDocument, raw: unknown, depth = 0): Kind {
  const schema = resolveRef<Schema>(doc, raw as Schema | Ref);
  if (!schema || depth > 8) return 'string';
  const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter((t) => t !== 'null');
  const type = types[0];
  if (type === 'integer' || type === 'number' || type === 'boolean' || type === 'array' || type === 'object') return type;
  if (type === 'string') return 'string';
  for (const branch of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) return kindOf(doc, branch, depth + 1);
  if (schema.enum?.length && schema.enum.every((v) => typeof v === 'number')) return schema.enum.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
  return 'string';
}

/** Sample string values per format, used when a schema has no example. */
const FORMAT_SAMPLES: Record<string, string> = {
  date: '2024-01-15',
  'date-time': '2024-01-15T12:00:00Z',
  time: '12:00:00Z',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  uri: 'https://example.com/resource',
  url: 'https://example.com/resource',
  email: 'user@example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
};

/**
 * A value for a schema that has no example of its own: its `examples`/`example`/`const`/`default`/
 * first enum value, else one built from its type, properties and items (the way Prism does);
 * with `requiredOnly`, objects get their required properties only.
 */
export function sampleValue(doc: OpenApiDocument, raw: unknown, requiredOnly = false, seen: ReadonlySet<string> = new Set(), depth = 0): Json | undefined {
  if (depth > 12) return undefined;
  let schema: Schema | undefined;
  let next = seen;
  if (isRef(raw)) {
    if (seen.has(raw.$ref)) return undefined;
    next = new Set([...seen, raw.$ref]);
    schema = resolveRef<Schema>(doc, raw);
  } else schema = isNode(raw) ? (raw as Schema) : undefined;
  if (!schema) return undefined;
  if (schema.examples?.[0] !== undefined) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((part) => sampleValue(doc, part, requiredOnly, next, depth + 1));
    if (parts.every((p) => isNode(p) || p === undefined)) return Object.assign({}, ...parts.filter(isNode)) as Json;
    return parts.find((p) => p !== undefined);
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    const resolved = resolveRef<Schema>(doc, branch);
    if (resolved?.type === 'null') continue;
    const value = sampleValue(doc, branch, requiredOnly, next, depth + 1);
    if (value !== undefined) return value;
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const type = types.find((t) => t !== 'null') ?? types[0] ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  const s = schema as Schema & { minLength?: number; minimum?: number; exclusiveMinimum?: number; minItems?: number };
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (requiredOnly && !schema.required?.includes(key)) continue;
        const value = sampleValue(doc, prop, requiredOnly, next, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array': {
      const item = sampleValue(doc, schema.items, requiredOnly, next, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => item);
    }
    case 'string': {
      const text = (schema.format && FORMAT_SAMPLES[schema.format]) ?? 'string';
      return s.minLength && text.length < s.minLength ? text.padEnd(s.minLength, 'x') : text;
    }
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** Every example a media type documents, in order: media `example`, media `examples`, then the schema's. */
function mediaExamples(doc: OpenApiDocument, media: MediaType | undefined): Json[] {
  if (!media) return [];
  const out: Json[] = [];
  if (media.example !== undefined) out.push(media.example);
  for (const raw of Object.values(media.examples ?? {})) {
    const value = resolveRef<{ value?: Json }>(doc, raw)?.value;
    if (value !== undefined) out.push(value);
  }
  const schema = resolveRef<Schema>(doc, media.schema as Schema | Ref);
  if (schema?.examples) out.push(...schema.examples);
  else if (schema?.example !== undefined) out.push(schema.example);
  return out;
}

/** The JSON media type of a content map, else its first one. */
const mediaOf = (content: Record<string, MediaType> | undefined): string | undefined =>
  content ? (Object.keys(content).find((m) => m === 'application/json' || m.endsWith('+json')) ?? Object.keys(content)[0]) : undefined;

/** Where a message goes in an error body: the shallowest string field named like `message`, else like `detail` or `error`. */
export function messageSlot(body: Json | undefined): (string | number)[] | undefined {
  for (const wanted of [/^message$/i, /message/i, /^(detail|error_description|error|description)$/i]) {
    const queue: { node: Json; path: (string | number)[] }[] = [{ node: body ?? null, path: [] }];
    while (queue.length) {
      const { node, path } = queue.shift()!;
      if (Array.isArray(node)) node.forEach((child, i) => queue.push({ node: child, path: [...path, i] }));
      else if (isNode(node)) {
        for (const [key, child] of Object.entries(node)) {
          if (typeof child === 'string' && wanted.test(key)) return [...path, key];
          if (typeof child === 'object' && child !== null) queue.push({ node: child, path: [...path, key] });
        }
      }
    }
  }
  return undefined;
}

/**
 * How much an error answer looks like the vendor's answer to a malformed request: 3 when its body,
 * schema or response name says "validation", 2 for "unprocessable", "bad request" or "malformed",
 * 1 for "invalid", else 0 (a business error such as "linked to a fee schedule").
 */
export function validationScore(text: string): number {
  return /validation/i.test(text) ? 3 : /unprocessable|bad.?request|malformed/i.test(text) ? 2 : /invalid/i.test(text) ? 1 : 0;
}

/** An answer and how well it fits a validation error. */
interface Scored {
  answer: MockAnswer;
  score: number;
}

/**
 * An answer from one response object: its first example, else a sample of its schema. For an
 * error, the example that best fits a validation error among those with a message field (else
 * the first), with a top-level `status`/`statusCode` number set to the status.
 */
function answerOf(doc: OpenApiDocument, status: number, raw: ResponseObject | Ref, error: boolean): MockAnswer {
  return scoredAnswer(doc, status, raw, error).answer;
}

/** {@link answerOf}, with how well the answer fits a validation error ({@link validationScore}). */
function scoredAnswer(doc: OpenApiDocument, status: number, raw: ResponseObject | Ref, error: boolean): Scored {
  const response = resolveRef<ResponseObject>(doc, raw);
  const mediaType = mediaOf(response?.content);
  const media = mediaType ? response?.content?.[mediaType] : undefined;
  const names = `${isRef(raw) ? raw.$ref : ''} ${isRef(media?.schema) ? media.schema.$ref : ''}`;
  if (!media) return { answer: { status }, score: validationScore(names) };
  const json = mediaType === undefined || mediaType === 'application/json' || mediaType.endsWith('+json');
  const candidates = mediaExamples(doc, media);
  // An error body made up from its schema keeps to its required fields (plus a message field), not placeholders for every optional one.
  for (const sampled of error ? [sampleValue(doc, media.schema, true), sampleValue(doc, media.schema)] : [sampleValue(doc, media.schema)]) {
    if (sampled !== undefined) candidates.push(sampled);
  }
  const scoreOf = (body: Json): number => Math.max(validationScore(names), validationScore(JSON.stringify(body)));
  const withSlot = candidates.filter((c) => messageSlot(c) !== undefined);
  const best = error && withSlot.length ? withSlot.reduce((a, b) => (scoreOf(b) > scoreOf(a) ? b : a)) : candidates[0];
  if (best === undefined || (!json && typeof best !== 'string')) return { answer: { status }, score: validationScore(names) };
  let body = best;
  if (error && isNode(body)) {
    // Top-level fields made up from the schema get the status: its number, and its reason phrase for a placeholder string.
    body = { ...body };
    for (const key of Object.keys(body)) {
      if (/^status(code)?$/i.test(key) && typeof body[key] === 'number') body[key] = status;
      else if (body[key] === 'string' && REASONS[status] && !messageSlot({ [key]: 'x' })) body[key] = REASONS[status];
    }
  }
  const slot = error ? messageSlot(body) : undefined;
  const fieldSlot = slot ? fieldSlotBeside(body, slot) : undefined;
  return { answer: { status, body, ...(slot ? { slot } : {}), ...(fieldSlot ? { fieldSlot } : {}) }, score: scoreOf(body) };
}

/** A string field beside the message field that names the field in error (`field`, `fieldName`, `path`…), if there is one. */
function fieldSlotBeside(body: Json, slot: (string | number)[]): (string | number)[] | undefined {
  const parent = slot.slice(0, -1).reduce<Json | undefined>((node, key) => (node as Record<string | number, Json> | undefined)?.[key], body);
  if (!isNode(parent)) return undefined;
  const key = Object.keys(parent).find((k) => /^(field|field_?name|path|param(eter)?)$/i.test(k) && typeof parent[k] === 'string');
  return key === undefined ? undefined : [...slot.slice(0, -1), key];
}

/** Reason phrases of the error statuses vendors answer with. */
const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error' };

/** A status key as a number: `4XX` and `default` become `fallback`. */
const statusNumber = (key: string, fallback: number): number => (/^\d{3}$/.test(key) ? Number(key) : fallback);

/** The operation object of a model operation. */
const operationObject = (doc: OpenApiDocument, op: OperationModel): { responses?: Record<string, ResponseObject | Ref>; requestBody?: unknown } =>
  (doc.paths?.[op.path]?.[op.method.toLowerCase()] ?? {}) as { responses?: Record<string, ResponseObject | Ref>; requestBody?: unknown };

/** The first response of `keys` the operation lists, with its key. */
function firstResponse(doc: OpenApiDocument, op: OperationModel, keys: string[]): { key: string; response: ResponseObject | Ref } | undefined {
  const responses = operationObject(doc, op).responses ?? {};
  for (const key of keys) if (responses[key]) return { key, response: responses[key] };
  return undefined;
}

/** The operation's own answers that could be its validation error (its 400 and 422, else 4XX/default), scored. */
function ownValidationAnswers(doc: OpenApiDocument, op: OperationModel): Scored[] {
  const responses = operationObject(doc, op).responses ?? {};
  const keys = ['400', '422'].filter((k) => responses[k]);
  const fallback = ['4XX', 'default'].find((k) => responses[k]);
  return (keys.length ? keys : fallback ? [fallback] : []).map((key) => scoredAnswer(doc, statusNumber(key, 400), responses[key]!, true));
}

/** The best of scored answers: the highest score, the first on a tie. */
const bestOf = (list: Scored[]): Scored | undefined => list.reduce<Scored | undefined>((a, b) => (a === undefined || b.score > a.score ? b : a), undefined);

/**
 * The vendor's validation error: of every 400 and 422 response its operations list, the one that
 * fits a validation error best, the most used on a tie. Operations that list none (or list only
 * business errors) answer malformed requests with it.
 */
function vendorValidationAnswer(doc: OpenApiDocument, model: VendorModel): Scored {
  const counts = new Map<string, { count: number; scored: Scored }>();
  for (const op of model.operations) {
    for (const key of ['400', '422']) {
      const response = operationObject(doc, op).responses?.[key];
      if (!response) continue;
      const id = `${key} ${JSON.stringify(response)}`;
      const entry = counts.get(id) ?? { count: 0, scored: scoredAnswer(doc, Number(key), response, true) };
      entry.count++;
      counts.set(id, entry);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.scored.score - a.scored.score || b.count - a.count || a.scored.answer.status - b.scored.answer.status)[0];
  return best?.scored ?? { answer: { status: 400, body: { message: 'Invalid request.' }, slot: ['message'] }, score: 0 };
}

/** Paths with literal segments first, so `/a/facility` is tried before `/a/{id}`. */
export function bySpecificity(a: string, b: string): number {
  const key = (path: string): string =>
    path
      .split('/')
      .map((s) => (/^\{[^}]+\}$/.test(s) ? '1' : '0'))
      .join('');
  return key(a).localeCompare(key(b));
}

/** Everything the handlers of one vendor need, read from its spec. */
export function mockData(model: VendorModel, doc: OpenApiDocument): MockData {
  const wanted = new Set<string>();
  const fallbackInvalid = vendorValidationAnswer(doc, model);
  const routes: MockRoute[] = [];
  for (const op of model.operations) {
    const object = operationObject(doc, op);
    const success = firstResponse(doc, op, Object.keys(object.responses ?? {}).filter((k) => /^2(\d\d|XX)$/.test(k)));
    const answer = success ? answerOf(doc, statusNumber(success.key, 200), success.response, false) : { status: 200 };
    const own = bestOf(ownValidationAnswers(doc, op));
    const invalid = own && (own.score > 0 || fallbackInvalid.score === 0) ? own.answer : fallbackInvalid.answer;
    const unsupportedResponse = firstResponse(doc, op, ['415']);
    const unsupported = unsupportedResponse ? answerOf(doc, 415, unsupportedResponse.response, true) : invalid;
    const auth = model.auth !== undefined && !op.noAuth;
    const unauthorizedResponse = firstResponse(doc, op, ['401', '4XX', 'default']);
    const unauthorized = auth ? (unauthorizedResponse ? answerOf(doc, 401, unauthorizedResponse.response, true) : { status: 401 }) : undefined;

    const params: MockRoute['params'] = [];
    for (const param of op.parameters) {
      if (param.in === 'cookie') continue;
      const kind = kindOf(doc, param.schema);
      const itemsSchema = kind === 'array' ? resolveRef<Schema>(doc, param.schema as Schema | Ref)?.items : undefined;
      params.push({
        name: param.name,
        in: param.in,
        required: param.in === 'path' || param.required === true,
        kind,
        ...(itemsSchema ? { items: kindOf(doc, itemsSchema) } : {}),
        schema: validationSchema(param.schema, wanted),
      });
    }

    let body: MockRoute['body'];
    const requestBody = resolveRef<{ required?: boolean; content?: Record<string, MediaType> }>(doc, object.requestBody as Ref);
    if (requestBody?.content) {
      const media: NonNullable<MockRoute['body']>['media'] = {};
      for (const [type, content] of Object.entries(requestBody.content)) {
        const schema = resolveRef<Schema>(doc, content.schema as Schema | Ref);
        if (type.startsWith('multipart/form-data')) media[type] = { required: schema?.required ?? [] };
        else if (type === 'application/x-www-form-urlencoded') {
          const kinds = Object.fromEntries(Object.entries(schema?.properties ?? {}).map(([key, prop]) => [key, kindOf(doc, prop)]));
          media[type] = { schema: validationSchema(content.schema, wanted), kinds };
        } else if (type === 'application/json' || type.endsWith('+json')) media[type] = { schema: validationSchema(content.schema, wanted) };
        else media[type] = {};
      }
      body = { required: requestBody.required === true, media };
    }
    routes.push({ name: op.name, method: op.method.toLowerCase() as MockRoute['method'], path: op.path, auth, params, ...(body ? { body } : {}), answer, invalid, unsupported, ...(unauthorized ? { unauthorized } : {}) });
  }

  // Every component schema the request schemas reach, itself reduced.
  const defs: Record<string, Node> = {};
  const queue = [...wanted];
  while (queue.length) {
    const name = queue.shift()!;
    if (name in defs) continue;
    const more = new Set<string>();
    defs[name] = validationSchema(doc.components?.schemas?.[name], more);
    queue.push(...[...more].filter((n) => !(n in defs)));
  }
  routes.sort((a, b) => bySpecificity(a.path, b.path));
  return { routes, defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))) };
}

/**
 * An error answer of an operation for the README's override example: its 404 if it documents one
 * with a JSON body, else its first numeric 4xx with one; the message field says it is made up.
 */
export function overrideExample(doc: OpenApiDocument, op: OperationModel): { status: number; body: Json } | undefined {
  const responses = operationObject(doc, op).responses ?? {};
  const keys = ['404', ...Object.keys(responses).filter((k) => /^4\d\d$/.test(k) && k !== '404')];
  for (const key of keys) {
    if (!responses[key]) continue;
    const answer = answerOf(doc, Number(key), responses[key], true);
    if (answer.body === undefined) continue;
    const body = JSON.parse(JSON.stringify(answer.body)) as Json;
    if (answer.slot?.length) {
      let node = body as Record<string | number, Json>;
      for (const part of answer.slot.slice(0, -1)) node = node[part] as Record<string | number, Json>;
      node[answer.slot[answer.slot.length - 1]!] = 'Made up by this test.';
    }
    return { status: answer.status, body };
  }
  return undefined;
}

/** The base URL the default handlers answer at: the default environment's, or any origin (`*`) for an API without a public host. */
export function defaultMockBase(model: VendorModel): string {
  if (model.environments[0]) return model.environments[0].url;
  const path = model.serverTemplate ? new URL(model.serverTemplate.replace(/\{[^}]+\}/g, 'host.invalid')).pathname.replace(/\/+$/, '') : '';
  return `*${path}`;
}

/** The roles of a route's answers. */
const ROLES = new Set(['answer', 'invalid', 'unsupported', 'unauthorized']);
/** Keys of the data that say what a part is, not which one: a shared part is named after the key above them. */
const STRUCTURE = new Set(['routes', 'defs', 'params', 'body', 'media', 'schema', 'properties', 'items', 'prefixItems', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'additionalProperties', 'patternProperties', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames']);

/**
 * Where a part of the kit's data may be written once and shared: whole answers, parts of answer
 * bodies, parameters, and (parts of) schemas. Answers are a pool of their own: the runtime
 * freezes them, while the validator writes notes onto schemas. Each part is named after where it
 * first occurs (`invalid422`, `limitParam`, `addressSchema`, `contractBody`).
 */
function placement(data: MockData): Placement {
  return (path) => {
    if (path[0] === 'routes' && typeof path[1] === 'number') {
      const route = data.routes[path[1]]!;
      const [, , field, ...rest] = path;
      if (typeof field === 'string' && ROLES.has(field)) {
        const answer = route[field as 'answer'];
        const base = field === 'answer' ? `${route.name}Answer` : `${field}${answer?.status ?? ''}`;
        if (rest.length === 0) return { pool: 'answers', name: base, type: 'MockAnswer' };
        if (rest[0] !== 'body') return undefined;
        return { pool: 'answers', name: rest.length === 1 ? `${base.replace(/Answer$/, '')}Body` : partName(rest.slice(1), 'Body'), type: 'Json' };
      }
      if (field === 'params' && typeof rest[0] === 'number') {
        const param = route.params[rest[0]]?.name ?? 'param';
        if (rest.length === 1) return { pool: 'data', name: partName([param], 'Param'), type: 'MockParam' };
        return { pool: 'data', name: partName([param, ...rest.slice(1)], 'Schema'), type: 'object' };
      }
      if (field === 'body' && rest[0] === 'media' && rest[2] === 'schema') return { pool: 'data', name: partName([route.name, ...rest.slice(2)], 'Schema'), type: 'object' };
      return undefined;
    }
    if (path[0] === 'defs' && path.length > 1) return { pool: 'data', name: partName(path.slice(1), 'Schema'), type: 'object' };
    return undefined;
  };
}

/**
 * Where objects may share runs of entries: schemas' `properties` maps (the spec's request schemas
 * often repeat a group of fields), a run named after the schema it is first in. Answer bodies are
 * left whole: an example reads best as the vendor's example.
 */
const propertyRuns: Placement = (path) => (path[path.length - 1] === 'properties' && path[0] !== 'routes' ? { pool: 'data', name: partName(path.slice(1), 'Properties'), type: 'object' } : undefined);

/** A name for a part from its path: the last key that names a thing (not `properties`, `items`…), `Item` after an array's, and `suffix`. */
function partName(path: Path, suffix: string): string {
  let index = path.length - 1;
  while (index > 0 && (typeof path[index] === 'number' || STRUCTURE.has(String(path[index])))) index--;
  const word = camelCase(String(path[index] ?? 'part')) || 'part';
  const item = typeof path[path.length - 1] === 'number' || path[path.length - 1] === 'items' ? 'Item' : '';
  return `${/^[0-9]/.test(word) ? `_${word}` : word}${item}${suffix}`;
}

/** Names the module itself uses, which no shared part may take (TypeScript's reserved words included). */
const MODULE_NAMES = [
  'kit', 'mockKit', 'createHandlers', 'handlers', 'examples', 'override', 'http', 'createOpenApiHttp', 'Json', 'MockAnswer', 'MockParam',
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally',
  'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var',
  'void', 'while', 'with', 'as', 'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await', 'arguments', 'eval',
];

/** The whole module: the vendor's types, the data (each repeated part once), and the kit built from them by `@careapis/core/testing`. */
export function emitTesting(model: VendorModel, doc: OpenApiDocument): string {
  const T = model.typeName;
  const data = mockData(model, doc);
  const envType = `${T}Environment`;
  const auth = model.auth?.type === 'apiKey' ? { header: model.auth.header.toLowerCase(), bearer: false } : model.auth?.type === 'bearer' ? { header: 'authorization', bearer: true } : undefined;
  const environments = Object.fromEntries(model.environments.map((e) => [e.name, e.url]));
  const operationRows = model.operations.map((op) => `  ${op.name}: ${operationType(op)};`);
  const exampleRows = data.routes
    .slice()
    .sort((a, b) => model.operations.findIndex((o) => o.name === a.name) - model.operations.findIndex((o) => o.name === b.name))
    .map((route) => {
      const op = model.operations.find((o) => o.name === route.name)!;
      const exact = op.successes.some((s) => s.status === String(route.answer.status));
      return `  ${route.name}: ${exact ? `Extract<MockResponse<${JSON.stringify(route.name)}>, { status: ${route.answer.status} }>` : `MockResponse<${JSON.stringify(route.name)}>`};`;
    });
  const pkg = `@careapis/${model.vendor}`;
  const where = model.environments[0] ? `the default environment's, \`${model.environments[0].url}\`` : 'any origin';
  const taken = new Set([...MODULE_NAMES, ...model.operations.map((op) => op.name)]);
  // Whole parts first (answers, parameters, schemas), then runs of properties that schemas share.
  const { root, parts } = shareEntryRuns(shareRepeated(data, placement(data), taken), propertyRuns, taken);
  const shared = root as MockData;
  const api = {
    package: pkg,
    environments,
    defaultBaseUrl: defaultMockBase(model),
    ...(auth ? { auth } : {}),
    defs: shared.defs,
    routes: shared.routes,
  };
  const types = ['Json', 'MockAnswer', 'MockParam'].filter((name) => parts.some((p) => p.type === name));
  const consts = parts.map((part) => {
    const head = `const ${part.name}${part.type ? `: ${part.type}` : ''} = `;
    return `${head}${literal(part.value, '', head.length)};`;
  });

  return `${tsHeader(model)}
/*
 * The test kit of ${pkg}: MSW request handlers answering every operation of ${model.title} as its
 * spec documents it. Import it from "${pkg}/testing" in tests only; it needs the peer
 * dependencies \`msw\` (2.x) and \`openapi-msw\`. This module holds what the spec says (routes,
 * examples, request schemas) and the vendor's types; the handlers are built by the runtime in
 * "@careapis/core/testing", so nothing here reaches the main entry "${pkg}".
 */
import type { HttpHandler } from "msw";
import { createOpenApiHttp, type OpenApiHttpHandlers } from "openapi-msw";
import { mockKit, ${[...types, 'KitOptions', 'KitOverrideOptions', 'KitResponse'].map((t) => `type ${t}`).join(', ')} } from "@careapis/core/testing";
import type { ${envType}, paths } from "./index.js";

${jsdoc(`Every operation of ${model.title}, by client method name, as openapi-typescript types it.`)}export interface Operations {
${operationRows.join('\n')}
}

${jsdoc('A client method name: one operation the handlers answer.')}export type OperationName = keyof Operations;

${jsdoc(`An answer to one operation, typed by the spec: one of its documented statuses with a body of that status's type (\`body\` may be left out only where the status has no body).`)}export type MockResponse<N extends OperationName> = KitResponse<Operations[N]>;

${jsdoc('What the default handlers answer to a valid request, by operation: its documented success status and example body.')}export interface Examples {
${exampleRows.join('\n')}
}

${jsdoc(`Where and how the handlers answer: \`baseUrl\` (default: ${where}), or a named \`environment\`; \`validate: false\` answers without checking requests.`)}export type MockOptions = KitOptions<${envType}>;

${jsdoc('Options of {@link override}: those of {@link MockOptions}, and `once` to answer only the first matching request.')}export type OverrideOptions = KitOverrideOptions<${envType}>;
${consts.length ? `\n// Parts that occur more than once in the data below, written once.\n${consts.join('\n')}\n` : ''}
/** The kit: the handlers' data, read from the spec, given to the runtime of @careapis/core/testing. */
const kit = mockKit<Operations, ${envType}>(${literal(api, '', 'const kit = mockKit<Operations, '.length + envType.length + 2)});

${jsdoc(`Handlers for every operation of ${model.title} at a base URL of your choice (\`createHandlers({ baseUrl: "http://localhost:4010" })\`): each answers a valid request with the documented success status and the spec's example body, and a request the vendor would reject with the vendor's error status and body.`)}export function createHandlers(options: MockOptions = {}): HttpHandler[] {
  return kit.createHandlers(options);
}

${jsdoc(`Handlers for every operation of ${model.title} at ${model.environments[0] ? 'the default environment' : 'any host'}: \`setupServer(...handlers)\`. Each answers a valid request with the documented success status and the spec's example body, and a request the vendor would reject (no credentials, a missing or malformed parameter, a body against its schema, a content type it does not take) with the vendor's error status and body.`)}export const handlers: HttpHandler[] = createHandlers();

${jsdoc('The bodies the handlers answer with, by operation: `expect(provider).toEqual(examples.getX.body)`. Frozen.')}export const examples: Examples = kit.examples as unknown as Examples;

${jsdoc(`One operation answered your way in one test: \`server.use(override("${model.operations[0]?.name ?? 'operation'}", { status, body, headers }))\`. The body is type-checked against the operation's response for that status. Requests are still checked as the vendor would (unless \`validate: false\`).`)}export function override<N extends OperationName>(operation: N, response: MockResponse<N>, options: OverrideOptions = {}): HttpHandler {
  return kit.override(operation, response, options);
}

${jsdoc(`openapi-msw's typed \`http\` for ${model.title} at ${model.environments[0] ? 'the default environment' : 'any host'}, for answers computed from the request: \`http.get("/path/{id}", ({ params, response }) => response(200).json(...))\`. Its handlers do not check requests.`)}export const http: OpenApiHttpHandlers<paths> = createOpenApiHttp<paths>({ baseUrl: kit.defaultBaseUrl });
`;
}
