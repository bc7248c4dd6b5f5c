/**
 * `src/testing.ts`: the test kit, `@careapis/<vendor>/testing`. MSW request handlers that answer
 * every operation of the vendor the way the spec documents it: the success status with the
 * spec's example as body, and, for a request the vendor would reject (no credentials, a missing
 * or malformed parameter, a body that breaks its schema, a content type it does not take), the
 * vendor's own error status and body with a message saying what is wrong.
 *
 * Everything the handlers need is read from the spec here, at generation time, and written into
 * the module as data: the routes, the example bodies, and the request schemas (annotations
 * stripped, `$ref`s pointing into one `$defs`). At test time a small JSON Schema validator
 * (`@cfworker/json-schema`, bundled into dist/testing.js by the build) checks requests against
 * them. The module imports only types from the package's main entry, so nothing of it (nor msw,
 * openapi-msw or the validator) reaches a bundle of the client.
 */
import type { OperationModel, VendorModel } from '../model/index.js';
import type { Json, MediaType, OpenApiDocument, Ref, ResponseObject, Schema } from '../spec-types.js';
import { jsdoc, tsHeader } from './header.js';
import { operationType } from './types.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRef = (v: unknown): v is Ref => isNode(v) && typeof v.$ref === 'string';

/** How a parameter or form field is read from its text: the primitive type its schema gives. */
export type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/** One answer the handlers give: a status and a JSON body (none for an empty response). */
export interface MockAnswer {
  status: number;
  body?: Json;
  /** Path of the string field that carries the error message, for error answers. */
  slot?: (string | number)[];
  /** Path of a string field beside it that names the field in error (`fieldName`, `path`), if the body has one. */
  fieldSlot?: (string | number)[];
}

/** One operation as the generated handlers see it. */
export interface MockRoute {
  name: string;
  method: string;
  path: string;
  /** The operation needs credentials. */
  auth: boolean;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; kind: Kind; items?: Kind; schema: Node }[];
  body?: { required: boolean; media: Record<string, { schema?: Node; kinds?: Record<string, Kind>; required?: string[] }> };
  /** The documented success: first 2xx response, with its example. */
  answer: MockAnswer;
  /** What the vendor answers to an invalid request: of its 400 and 422 responses (else 4XX/default) the one most like a validation error; the vendor's usual one when it lists none, or only business errors. */
  invalid: MockAnswer;
  /** What it answers to a content type it does not take (its 415 response, else `invalid`). */
  unsupported: MockAnswer;
  /** What it answers without credentials (its 401 response, else 4XX/default, with status 401). */
  unauthorized?: MockAnswer;
}

/** The data the generated module embeds. */
export interface MockData {
  routes: MockRoute[];
  /** Component schemas the request schemas refer to, as `#/$defs/<name>`. */
  defs: Record<string, Node>;
}

/** JSON Schema keywords kept in the embedded schemas (validation only: annotations are dropped). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
const PLAIN = new Set([
  'type', 'enum', 'const', 'required', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minContains', 'maxContains', 'minProperties', 'maxProperties', 'dependentRequired',
]);

/** The value a local JSON pointer (`#/components/schemas/X`) points at, following `$ref` chains. */
export function resolveRef<T>(doc: OpenApiDocument, value: T | Ref): T | undefined {
  let current: unknown = value;
  for (let hops = 0; isRef(current) && hops < 32; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return undefined;
    current = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (isNode(node) || Array.isArray(node) ? (node as Node)[key] : undefined), doc);
  }
  return isRef(current) ? undefined : (current as T | undefined);
}

/** The component schema name a `$ref` names, if it names one. */
const componentName = (ref: string): string | undefined => /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');

/** A schema reduced to its validation keywords, `#/components/schemas/X` refs rewritten to `#/$defs/X`; `wanted` collects the names referred to. */
export function validationSchema(schema: unknown, wanted: Set<string>): Node {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { not: {} };
  if (!isNode(schema)) return {};
  if (isRef(schema)) {
    const name = componentName(schema.$ref);
    if (name === undefined) return {};
    wanted.add(name);
    return { $ref: `#/$defs/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` };
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
    routes.push({ name: op.name, method: op.method.toLowerCase(), path: op.path, auth, params, ...(body ? { body } : {}), answer, invalid, unsupported, ...(unauthorized ? { unauthorized } : {}) });
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

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The whole module. */
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
      const literal = op.successes.some((s) => s.status === String(route.answer.status));
      return `  ${route.name}: ${literal ? `Extract<MockResponse<${JSON.stringify(route.name)}>, { status: ${route.answer.status} }>` : `MockResponse<${JSON.stringify(route.name)}>`};`;
    });
  const pkg = `@careapis/${model.vendor}`;

  return `${tsHeader(model)}
/*
 * The test kit of ${pkg}: MSW request handlers answering every operation of ${model.title} as its
 * spec documents it. Import it from "${pkg}/testing" in tests only; it needs the peer
 * dependencies \`msw\` (2.x) and \`openapi-msw\`. The JSON Schema validator it checks requests with
 * is bundled into this entry, so nothing here reaches the main entry "${pkg}".
 */
import { http as mswHttp, HttpResponse, type HttpHandler } from "msw";
import { createOpenApiHttp, type OpenApiHttpHandlers } from "openapi-msw";
import { Validator } from "@cfworker/json-schema";
import type { ${envType}, paths } from "./index.js";

${jsdoc(`Every operation of ${model.title}, by client method name, as openapi-typescript types it.`)}export interface Operations {
${operationRows.join('\n')}
}

${jsdoc('A client method name: one operation the handlers answer.')}export type OperationName = keyof Operations;

/** The responses an operation documents, by status. */
type Responses<N extends OperationName> = Operations[N] extends { responses: infer R } ? R : never;
/** The body of one response: its content, or \`undefined\` when it has none. */
type BodyOf<R> = R extends { content: infer C } ? C[keyof C] : undefined;
/** One answer: a status (a number for \`4XX\`, \`5XX\` and \`default\`), a body of that status's type, extra headers. */
type Answer<S, B> = { status: S extends number ? S : number; headers?: Record<string, string> } & ([B] extends [undefined] ? { body?: undefined } : { body: B });

${jsdoc(`An answer to one operation, typed by the spec: one of its documented statuses with a body of that status's type (\`body\` may be left out only where the status has no body).`)}export type MockResponse<N extends OperationName> = { [S in keyof Responses<N>]: Answer<S, BodyOf<Responses<N>[S]>> }[keyof Responses<N>];

${jsdoc('What the default handlers answer to a valid request, by operation: its documented success status and example body.')}export interface Examples {
${exampleRows.join('\n')}
}

${jsdoc('Where and how the handlers answer.')}export interface MockOptions {
${jsdoc(`The base URL to answer at, as given to the client's \`baseUrl\` (e.g. \`"http://localhost:4010"\`). Default: ${model.environments[0] ? `the default environment's, \`${model.environments[0].url}\`` : 'any origin'}.`, '  ')}  baseUrl?: string;
${jsdoc('A named environment to answer at, instead of `baseUrl`.', '  ')}  environment?: ${envType};
${jsdoc('Check every request as the vendor would (credentials, parameters, content type, body against the spec) and answer one it would reject with its error status and body. Default `true`.', '  ')}  validate?: boolean;
}

${jsdoc('Options of {@link override}.')}export interface OverrideOptions extends MockOptions {
${jsdoc('Answer only the first matching request, then fall back to the handlers behind it.', '  ')}  once?: boolean;
}

type Kind = "string" | "integer" | "number" | "boolean" | "array" | "object";
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch";
interface MockAnswer {
  status: number;
  body?: Json;
  slot?: (string | number)[];
  fieldSlot?: (string | number)[];
}
/** One thing wrong with a request: the field (a parameter name or a body path) and what is wrong. */
interface Problem {
  field?: string;
  text: string;
}
interface Route {
  name: OperationName;
  method: Method;
  path: string;
  auth: boolean;
  params: { name: string; in: "path" | "query" | "header"; required: boolean; kind: Kind; items?: Kind; schema: object }[];
  body?: { required: boolean; media: Record<string, { schema?: object; kinds?: Record<string, Kind>; required?: string[] }> };
  answer: MockAnswer;
  invalid: MockAnswer;
  unsupported: MockAnswer;
  unauthorized?: MockAnswer;
}

/** Base URL of each named environment. */
const environments: Record<${envType}, string> = ${json(environments)};
/** Where the default handlers answer. */
const defaultBaseUrl = ${JSON.stringify(defaultMockBase(model))};
/** The credentials every authenticated operation needs: a header, and whether it carries a bearer token. */
const auth: { header: string; bearer: boolean } | undefined = ${auth ? JSON.stringify(auth) : 'undefined'};
/** Component schemas the request schemas refer to. */
const defs: Record<string, object> = ${json(data.defs)};
/** Every operation, literal paths before templated ones. */
const routes: Route[] = ${json(data.routes)};

/** Freezes a value and everything in it, so a test cannot change what later requests get. */
function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}
// Only the answers: the validator records what it learns about a schema on the schema objects.
for (const route of routes) freeze(route.answer);

const validators = new Map<object, Validator>();
/** The validator of one embedded schema, made on first use. */
function validatorOf(schema: object): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator({ ...schema, $defs: defs }, "2020-12", false);
    validators.set(schema, validator);
  }
  return validator;
}

/** The value a keyword location points at in a schema, following \`$ref\`s into \`defs\`. */
function constraint(schema: object, location: string): unknown {
  let node: unknown = { ...schema, $defs: defs };
  for (const raw of location.replace(/^#\\/?/, "").split("/")) {
    if (raw === "") continue;
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    const here = node as Record<string, unknown> | undefined;
    if (key === "$ref" && typeof here?.$ref === "string") {
      node = here.$ref.replace(/^#\\//, "").split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], { $defs: defs });
    } else node = here?.[key];
  }
  return node;
}

/** Keywords whose errors only say that something below them failed. */
const CONTAINERS = new Set(["$ref", "properties", "patternProperties", "items", "prefixItems", "allOf", "dependentSchemas", "if", "then", "else", "contains", "additionalItems"]);

/** Readable problems of one value against a schema, naming the place and the rule broken, never the value sent; \`field\` names the place (\`npi\`, \`contacts/0/email\`) under \`base\`. */
function problems(schema: object, value: unknown, where: string, base?: string): Problem[] {
  const result = validatorOf(schema).validate(value);
  if (result.valid) return [];
  let units = result.errors.filter((e) => !CONTAINERS.has(e.keyword) && !(["additionalProperties", "unevaluatedProperties"].includes(e.keyword) && constraint(schema, e.keywordLocation) !== false));
  const branches = units.filter((e) => ["anyOf", "oneOf", "not"].includes(e.keyword)).map((e) => \`\${e.keywordLocation}/\`);
  units = units.filter((e) => !branches.some((b) => e.keywordLocation.startsWith(b)));
  const out = units.map((e) => {
    const pointer = e.instanceLocation.replace(/^#/, "");
    const missing = e.keyword === "required" ? /"(.*)"/.exec(e.error)?.[1] : undefined;
    const path = [base, ...pointer.split("/"), missing].filter((part) => part !== undefined && part !== "").join("/");
    return { ...(path ? { field: path } : {}), text: describe(e, schema, pointer ? \`\${where} at \${pointer}\` : where) };
  });
  return out.length ? out : [{ ...(base ? { field: base } : {}), text: \`\${where}: does not match the spec\` }];
}

/** One validation error in words. */
function describe(e: { keyword: string; keywordLocation: string; error: string }, schema: object, at: string): string {
  const rule = constraint(schema, e.keywordLocation);
  switch (e.keyword) {
    case "required":
      return \`\${at}: \${e.error.replace(/^Instance does not have required property (".*")\\.$/, "missing required property $1")}\`;
    case "type":
      return \`\${at}: must be of type \${Array.isArray(rule) ? rule.join(" or ") : String(rule)}\`;
    case "enum":
      return \`\${at}: must be one of \${Array.isArray(rule) && rule.length > 6 ? \`\${JSON.stringify(rule.slice(0, 6)).slice(0, -1)},… (\${rule.length} values)]\` : JSON.stringify(rule)}\`;
    case "const":
      return \`\${at}: must be \${JSON.stringify(rule)}\`;
    case "pattern":
      return \`\${at}: must match the pattern \${String(rule)}\`;
    case "format":
      return \`\${at}: must be a valid \${String(rule)}\`;
    case "minLength":
      return \`\${at}: must be at least \${String(rule)} characters long\`;
    case "maxLength":
      return \`\${at}: must be at most \${String(rule)} characters long\`;
    case "minimum":
      return \`\${at}: must be >= \${String(rule)}\`;
    case "maximum":
      return \`\${at}: must be <= \${String(rule)}\`;
    case "exclusiveMinimum":
      return \`\${at}: must be > \${String(rule)}\`;
    case "exclusiveMaximum":
      return \`\${at}: must be < \${String(rule)}\`;
    case "minItems":
      return \`\${at}: must have at least \${String(rule)} items\`;
    case "maxItems":
      return \`\${at}: must have at most \${String(rule)} items\`;
    case "anyOf":
      return \`\${at}: must match at least one of the shapes the spec allows\`;
    case "oneOf":
      return \`\${at}: must match exactly one of the shapes the spec allows\`;
    case "additionalProperties":
    case "unevaluatedProperties":
      return \`\${at}: \${e.error.replace(/^Property (".*") does not match .*$/, "property $1 is not allowed")}\`;
    case "dependentRequired":
      return \`\${at}: \${e.error.replace(/^Instance has/, "has")}\`;
    default:
      return \`\${at}: breaks the "\${e.keyword}" rule of the spec\`;
  }
}

/** A parameter's or form field's text as the type its schema gives (left as text when it is not one). */
function read(text: string, kind: Kind | undefined): unknown {
  if ((kind === "integer" || kind === "number") && text.trim() !== "" && !Number.isNaN(Number(text))) return Number(text);
  if (kind === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** The names of a path template's parameters, in order. */
const pathNames = (path: string): string[] => [...path.matchAll(/\\{([^}]+)\\}/g)].map((m) => m[1] ?? "");

/** What is wrong with a request's parameters. */
function paramProblems(route: Route, request: Request, params: Record<string, string | readonly string[] | undefined>): Problem[] {
  const url = new URL(request.url);
  const names = pathNames(route.path);
  const out: Problem[] = [];
  for (const param of route.params) {
    const where = \`\${param.in} parameter "\${param.name}"\`;
    let value: unknown;
    if (param.in === "path") {
      const raw = params[\`p\${names.indexOf(param.name)}\`];
      value = typeof raw === "string" ? read(raw, param.kind) : undefined;
    } else if (param.in === "query") {
      if (param.kind === "array") {
        const all = url.searchParams.getAll(param.name);
        value = all.length ? all.map((v) => read(v, param.items)) : undefined;
      } else if (param.kind === "object") {
        const entries = [...url.searchParams].flatMap(([k, v]) => {
          const key = k.startsWith(\`\${param.name}[\`) && k.endsWith("]") ? k.slice(param.name.length + 1, -1) : undefined;
          return key === undefined ? [] : [[key, v] as const];
        });
        value = entries.length ? Object.fromEntries(entries) : undefined;
      } else {
        const raw = url.searchParams.get(param.name);
        value = raw === null ? undefined : read(raw, param.kind);
      }
    } else {
      const raw = request.headers.get(param.name);
      value = raw === null ? undefined : param.kind === "array" ? raw.split(",").map((v) => read(v.trim(), param.items)) : read(raw, param.kind);
    }
    if (value === undefined) {
      if (param.required) out.push({ field: param.name, text: \`\${where}: missing\` });
      continue;
    }
    out.push(...problems(param.schema, value, where, param.name));
  }
  return out;
}

/** What is wrong with a request's body: \`unsupported\` when its content type is not one the operation takes. */
async function bodyProblems(route: Route, request: Request): Promise<{ unsupported: boolean; problems: Problem[] }> {
  const spec = route.body;
  const none = { unsupported: false, problems: [] };
  if (!spec) return none;
  const text = await request.clone().text();
  const contentType = request.headers.get("content-type") ?? "";
  const media = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (text === "") return spec.required ? { unsupported: false, problems: [{ text: "request body: missing" }] } : none;
  const accepted = Object.keys(spec.media);
  const type = accepted.find((m) => m.toLowerCase() === media);
  if (type === undefined) {
    return { unsupported: true, problems: [{ text: \`content type \${JSON.stringify(media || "(none)")} is not accepted; send \${accepted.join(" or ")}\` }] };
  }
  const rules = spec.media[type] ?? {};
  if (type.startsWith("multipart/form-data")) {
    const form = await request.clone().formData().catch(() => undefined);
    if (!form) return { unsupported: false, problems: [{ text: "request body: not readable as multipart/form-data" }] };
    return { unsupported: false, problems: (rules.required ?? []).filter((key) => !form.has(key)).map((key) => ({ field: key, text: \`request body: missing required field "\${key}"\` })) };
  }
  if (!rules.schema) return none;
  let value: unknown;
  if (type === "application/x-www-form-urlencoded") {
    const fields: Record<string, unknown> = {};
    for (const [key, raw] of new URLSearchParams(text)) {
      const kind = rules.kinds?.[key];
      const item = read(raw, kind === "array" ? "string" : kind);
      const known = fields[key];
      fields[key] = kind === "array" ? [...(Array.isArray(known) ? known : []), item] : item;
    }
    value = fields;
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return { unsupported: false, problems: [{ text: "request body: not valid JSON" }] };
    }
  }
  return { unsupported: false, problems: problems(rules.schema, value, "request body") };
}

/** Writes a string into a body at a path of keys. */
function put(body: Json, path: (string | number)[] | undefined, text: string): void {
  if (!path?.length) return;
  let node = body as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]!] = text;
}

/** An error answer: the message written into the field its body keeps messages in (and the field in error beside it, where the body names one). */
function rejection(answer: MockAnswer, message: string, field?: string): Response {
  if (answer.body === undefined) return new HttpResponse(null, { status: answer.status });
  const body = structuredClone(answer.body) as Json;
  put(body, answer.slot, message);
  if (field !== undefined) put(body, answer.fieldSlot, field);
  return HttpResponse.json(body, { status: answer.status });
}

/**
 * The rejection for a list of problems, the first one's field beside the message. The message
 * stays within 200 characters (what error messages are read up to): up to five problems, else the
 * first and how many more.
 */
function rejectionFor(answer: MockAnswer, list: Problem[]): Response {
  let message = \`Invalid request: \${list.slice(0, 5).map((p) => p.text).join("; ")}\${list.length > 5 ? \` (and \${list.length - 5} more)\` : ""}\`;
  if (message.length > 200) message = \`Invalid request: \${list[0]?.text ?? ""}\${list.length > 1 ? \` (and \${list.length - 1} more)\` : ""}\`;
  if (message.length > 200) message = \`\${message.slice(0, 199)}…\`;
  return rejection(answer, message, list[0]?.field);
}

/** The vendor's answer to a request it would reject, or undefined when the request is valid. */
async function check(route: Route, request: Request, params: Record<string, string | readonly string[] | undefined>): Promise<Response | undefined> {
  if (route.auth && auth) {
    const value = request.headers.get(auth.header) ?? "";
    const present = auth.bearer ? /^bearer\\s+\\S/i.test(value) : value.trim() !== "";
    if (!present) return rejection(route.unauthorized ?? { status: 401 }, \`Missing credentials: send the \${auth.bearer ? "bearer token" : "API key"} in the \${auth.header} header.\`);
  }
  const wrongParams = paramProblems(route, request, params);
  if (wrongParams.length) return rejectionFor(route.invalid, wrongParams);
  const body = await bodyProblems(route, request);
  if (body.problems.length) return rejectionFor(body.unsupported ? route.unsupported : route.invalid, body.problems);
  return undefined;
}

/** A response for an answer: JSON when it has a body, empty otherwise. */
function reply(answer: { status: number; body?: unknown; headers?: Record<string, string> }): Response {
  const init = { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) };
  return answer.body === undefined ? new HttpResponse(null, init) : HttpResponse.json(answer.body as Json, init);
}

/** The base URL options ask for, without a trailing slash. */
function baseOf(options: MockOptions): string {
  const url = options.baseUrl ?? (options.environment !== undefined ? environments[options.environment] : undefined) ?? defaultBaseUrl;
  return url.replace(/\\/+$/, "");
}

/** Whether a request path (its last segments) fits a path template. */
function fits(template: string, pathname: string): boolean {
  const want = template.split("/").filter(Boolean);
  const got = pathname.split("/").filter(Boolean).slice(-want.length);
  return got.length === want.length && want.every((segment, i) => /^\\{[^}]+\\}$/.test(segment) || segment === decodeURIComponent(got[i] ?? ""));
}

/** An MSW handler for one route: checks the request (unless told not to), then answers with \`respond\`. */
function handler(route: Route, options: MockOptions, respond: () => Response, once = false): HttpHandler {
  const names = pathNames(route.path);
  const escaped = route.path.replace(/[:*?()+]/g, "\\\\$&").replace(/\\{([^}]+)\\}/g, (_m, name: string) => \`:p\${names.indexOf(name)}\`);
  // Routes with a literal segment where this one has a parameter (\`/a/facility\` for \`/a/{id}\`) answer their own requests.
  const shadows = routes.filter((other) => other !== route && other.method === route.method && pathNames(other.path).length < names.length && fits(route.path, other.path));
  return mswHttp[route.method](
    \`\${baseOf(options)}\${escaped}\`,
    async ({ request, params }) => {
      const pathname = new URL(request.url).pathname;
      if (shadows.some((other) => fits(other.path, pathname))) return undefined;
      if (options.validate !== false) {
        const rejected = await check(route, request, params);
        if (rejected) return rejected;
      }
      return respond();
    },
    { once },
  );
}

${jsdoc(`Handlers for every operation of ${model.title} at a base URL of your choice (\`createHandlers({ baseUrl: "http://localhost:4010" })\`): each answers a valid request with the documented success status and the spec's example body, and a request the vendor would reject with the vendor's error status and body.`)}export function createHandlers(options: MockOptions = {}): HttpHandler[] {
  return routes.map((route) => handler(route, options, () => reply(route.answer)));
}

${jsdoc(`Handlers for every operation of ${model.title} at ${model.environments[0] ? 'the default environment' : 'any host'}: \`setupServer(...handlers)\`. Each answers a valid request with the documented success status and the spec's example body, and a request the vendor would reject (no credentials, a missing or malformed parameter, a body against its schema, a content type it does not take) with the vendor's error status and body.`)}export const handlers: HttpHandler[] = createHandlers();

${jsdoc('The bodies the handlers answer with, by operation: `expect(provider).toEqual(examples.getX.body)`. Frozen.')}export const examples: Examples = Object.fromEntries(routes.map((route) => [route.name, route.answer])) as unknown as Examples;

${jsdoc(`One operation answered your way in one test: \`server.use(override("${model.operations[0]?.name ?? 'operation'}", { status, body, headers }))\`. The body is type-checked against the operation's response for that status. Requests are still checked as the vendor would (unless \`validate: false\`).`)}export function override<N extends OperationName>(operation: N, response: MockResponse<N>, options: OverrideOptions = {}): HttpHandler {
  const route = routes.find((r) => r.name === operation);
  if (!route) throw new Error(\`${pkg}/testing: no operation named \${String(operation)}\`);
  const answer = response as { status: number; body?: unknown; headers?: Record<string, string> };
  return handler(route, options, () => reply(answer), options.once === true);
}

${jsdoc(`openapi-msw's typed \`http\` for ${model.title} at ${model.environments[0] ? 'the default environment' : 'any host'}, for answers computed from the request: \`http.get("/path/{id}", ({ params, response }) => response(200).json(...))\`. Its handlers do not check requests.`)}export const http: OpenApiHttpHandlers<paths> = createOpenApiHttp<paths>({ baseUrl: defaultBaseUrl });
`;
}
