/**
 * The `x-careapis-*` extensions (documented in specs/README.md): where each may stand and what
 * its value must be. Any other `x-careapis-*` key is an error.
 */
import { escapeSegment } from './problems.js';

/** Where in a document an extension may appear. */
type Place = 'document' | 'info' | 'server' | 'operation' | 'parameter' | 'securityScheme' | 'response' | 'anywhere';

const METHOD = '(get|put|post|delete|options|head|patch|trace)';
const PLACES: Record<Exclude<Place, 'anywhere'>, RegExp> = {
  document: /^$/,
  info: /^\/info$/,
  server: /^\/servers\/\d+$/,
  operation: new RegExp(`^/paths/[^/]+/${METHOD}$`),
  parameter: new RegExp(`^(/paths/[^/]+(/${METHOD})?/parameters/\\d+|/components/parameters/[^/]+)$`),
  securityScheme: /^\/components\/securitySchemes\/[^/]+$/,
  response: new RegExp(`^(/paths/[^/]+/${METHOD}/responses/[^/]+|/components/responses/[^/]+)$`),
};

type Check = (value: unknown) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string');
const isIdentifier: Check = (v) => (typeof v === 'string' && /^[a-zA-Z_$][\w$]*$/.test(v) ? undefined : 'must be a JavaScript identifier');

const isToken: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
  const o = v as Record<string, unknown>;
  for (const key of ['operationId', 'clientId', 'clientSecret', 'accessToken']) if (typeof o[key] !== 'string') return `needs a string \`${key}\``;
  if (typeof o.lifetimeSeconds !== 'number' || !(o.lifetimeSeconds > 0)) return 'needs a positive number `lifetimeSeconds`';
  if (o.expiresIn !== undefined && typeof o.expiresIn !== 'string') return '`expiresIn` must be a string';
  if (o.extraBody !== undefined && (typeof o.extraBody !== 'object' || o.extraBody === null)) return '`extraBody` must be an object';
  const known = new Set(['operationId', 'clientId', 'clientSecret', 'accessToken', 'expiresIn', 'lifetimeSeconds', 'extraBody']);
  const unknown = Object.keys(o).find((k) => !known.has(k));
  return unknown ? `has an unknown field \`${unknown}\`` : undefined;
};

const isGuides: Check = (v) => {
  if (!Array.isArray(v) || v.length === 0) return 'must be a non-empty list of { title, description, code }';
  for (const [i, guide] of v.entries()) {
    const g = guide as Record<string, unknown> | null;
    if (typeof g !== 'object' || g === null) return `item ${i} must be an object`;
    for (const key of ['title', 'description', 'code']) if (typeof g[key] !== 'string' || g[key] === '') return `item ${i} needs a non-empty string \`${key}\``;
    const unknown = Object.keys(g).find((k) => !['title', 'description', 'code'].includes(k));
    if (unknown) return `item ${i} has an unknown field \`${unknown}\``;
  }
  return undefined;
};

const isPaginate: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
  const o = v as Record<string, unknown>;
  if (isIdentifier(o.name)) return '`name` must be a JavaScript identifier';
  if (typeof o.items !== 'string') return 'needs a string `items` ("" when the body is the array)';
  const cursor = o.cursor as Record<string, unknown> | undefined;
  const offset = o.offset as Record<string, unknown> | undefined;
  if ((cursor === undefined) === (offset === undefined)) return 'needs exactly one of `cursor` or `offset`';
  if (cursor && (typeof cursor.param !== 'string' || typeof cursor.next !== 'string')) return '`cursor` needs string `param` and `next`';
  if (offset && (typeof offset.param !== 'string' || typeof offset.limit !== 'string')) return '`offset` needs string `param` and `limit`';
  return undefined;
};

const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '');
const isUrl = (v: unknown): boolean => typeof v === 'string' && /^https:\/\/\S+$/.test(v);

/** `x-careapis-upstream`: where the vendor publishes a machine-readable description (read by `npm run drift`). */
const isUpstream: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
  const o = v as Record<string, unknown>;
  const known: Record<string, string[]> = {
    openapi: ['format', 'url', 'docs', 'scope', 'ignore'],
    'candidhealth-sdk': ['format', 'package', 'version', 'docs', 'scope', 'ignore'],
    none: ['format', 'reason', 'docs'],
  };
  const keys = typeof o.format === 'string' ? known[o.format] : undefined;
  if (!keys) return `needs \`format\`: one of ${Object.keys(known).join(', ')}`;
  const unknown = Object.keys(o).find((k) => !keys.includes(k));
  if (unknown) return `has an unknown field \`${unknown}\` for format ${o.format}`;
  if (o.format === 'openapi' && !isUrl(o.url)) return 'needs an https `url` (the published OpenAPI document, JSON or YAML)';
  if (o.format === 'candidhealth-sdk' && (typeof o.package !== 'string' || typeof o.version !== 'string')) return 'needs string `package` and `version` (the npm package and the version the spec follows)';
  if (o.format === 'none' && isString(o.reason)) return 'needs a `reason` (why there is no machine-readable description)';
  if (o.docs !== undefined && !isUrl(o.docs)) return '`docs` must be an https URL';
  if (o.scope !== undefined && !isStringList(o.scope)) return '`scope` must be a list of path prefixes';
  if (o.ignore !== undefined) {
    if (!Array.isArray(o.ignore)) return '`ignore` must be a list';
    for (const entry of o.ignore as unknown[]) {
      const e = entry as Record<string, unknown> | null;
      if (typeof e !== 'object' || e === null || typeof e.operation !== 'string' || !/^[A-Z]+ \//.test(e.operation) || isString(e.reason)) return '`ignore` entries need `operation` ("METHOD /path" as the vendor writes it) and a `reason`';
    }
  }
  return undefined;
};

/** `x-careapis-drift-allow`: intentional departures from the vendor's description that `npm run drift` keeps quiet. */
const isDriftAllow: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
  const o = v as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !['absent', 'parameters', 'responses', 'required', 'enum'].includes(k));
  if (unknown) return `has an unknown field \`${unknown}\`; known: absent, parameters, responses, required, enum`;
  if (Object.keys(o).length === 0) return 'allows nothing: give at least one of absent, parameters, responses, required, enum';
  if (o.absent !== undefined && o.absent !== true) return '`absent` must be true';
  for (const key of ['parameters', 'responses', 'required'] as const) if (o[key] !== undefined && !isStringList(o[key])) return `\`${key}\` must be a list of strings`;
  if (o.enum !== undefined && !Array.isArray(o.enum)) return '`enum` must be a list of values';
  return undefined;
};

/** `x-careapis-rate-limit`: the vendor's published rate limits (an empty `limits` list: none documented), with the source. */
const isRateLimit: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
  const o = v as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !['description', 'source', 'limits'].includes(k));
  if (unknown) return `has an unknown field \`${unknown}\`; known: description, source, limits`;
  if (isString(o.description)) return 'needs a `description` (what the vendor publishes, in our words, or that it publishes nothing)';
  const sources = Array.isArray(o.source) ? o.source : [o.source];
  if (sources.length === 0 || !sources.every(isUrl)) return 'needs a `source`: the https URL of the page it comes from (or a list of them)';
  if (!Array.isArray(o.limits)) return 'needs `limits`: a list of { requests, windowSeconds, scope, operations? } (empty when the vendor documents none)';
  for (const [i, entry] of (o.limits as unknown[]).entries()) {
    const l = entry as Record<string, unknown> | null;
    if (typeof l !== 'object' || l === null || Array.isArray(l)) return `limit ${i} must be an object`;
    const extra = Object.keys(l).find((k) => !['requests', 'windowSeconds', 'scope', 'operations', 'description'].includes(k));
    if (extra) return `limit ${i} has an unknown field \`${extra}\`; known: requests, windowSeconds, scope, operations, description`;
    if (!Number.isInteger(l.requests) || (l.requests as number) < 1) return `limit ${i} needs \`requests\`: a whole number, 1 or more`;
    if (typeof l.windowSeconds !== 'number' || !(l.windowSeconds > 0) || !Number.isFinite(l.windowSeconds)) return `limit ${i} needs \`windowSeconds\`: a positive number`;
    if (!['key', 'account', 'ip'].includes(l.scope as string)) return `limit ${i} needs \`scope\`: key, account or ip (what the vendor counts requests by)`;
    if (l.operations !== undefined && (!isStringList(l.operations) || (l.operations as unknown[]).length === 0)) return `limit ${i}: \`operations\` must be a non-empty list of operationIds`;
    if (l.description !== undefined && isString(l.description)) return `limit ${i}: \`description\` must be a non-empty string`;
  }
  return undefined;
};

/** Every extension the generator accepts: where it goes and how its value is checked. */
export const EXTENSIONS: Record<string, { place: Place; check: Check }> = {
  'x-careapis-environment': { place: 'server', check: isIdentifier },
  'x-careapis-idempotent': { place: 'operation', check: (v) => (v === true || v === false ? undefined : 'must be true or false') },
  'x-careapis-client-option': { place: 'parameter', check: isIdentifier },
  'x-careapis-arg': { place: 'parameter', check: isIdentifier },
  'x-careapis-key-prefix': { place: 'securityScheme', check: isString },
  'x-careapis-token': { place: 'securityScheme', check: isToken },
  'x-careapis-retry-after': { place: 'response', check: isString },
  'x-careapis-paginate': { place: 'operation', check: isPaginate },
  'x-careapis-guides': { place: 'document', check: isGuides },
  'x-careapis-upstream': { place: 'info', check: isUpstream },
  'x-careapis-rate-limit': { place: 'info', check: isRateLimit },
  'x-careapis-drift-allow': { place: 'anywhere', check: isDriftAllow },
  'x-careapis-error-message': { place: 'anywhere', check: (v) => (v === true ? undefined : 'must be true (on the property of an error body that holds the vendor\'s message)') },
  'x-careapis-request-id': { place: 'anywhere', check: (v) => (v === true ? undefined : 'must be true (on the response Header object that carries the vendor\'s request id)') },
  'x-careapis-note': { place: 'anywhere', check: isString },
  'x-careapis-inferred': { place: 'anywhere', check: isString },
};

const PLACE_NAMES: Record<Place, string> = {
  document: 'the document root',
  info: 'the Info object',
  server: 'a Server object',
  operation: 'an Operation object',
  parameter: 'a Parameter object',
  securityScheme: 'a Security Scheme object',
  response: 'a Response object',
  anywhere: 'any object',
};

/** A misplaced, malformed or unknown extension. */
export interface ExtensionProblem {
  pointer: string;
  message: string;
}

/** Every problem with `x-careapis-*` keys in the document. */
export function checkExtensions(doc: unknown): ExtensionProblem[] {
  const problems: ExtensionProblem[] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${pointer}/${i}`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapeSegment(key)}`;
      if (key.startsWith('x-careapis-')) {
        const known = EXTENSIONS[key];
        if (!known) {
          problems.push({ pointer: at, message: `unknown extension \`${key}\`; known: ${Object.keys(EXTENSIONS).join(', ')}` });
          continue;
        }
        if (known.place !== 'anywhere' && !PLACES[known.place].test(pointer)) {
          problems.push({ pointer: at, message: `\`${key}\` belongs on ${PLACE_NAMES[known.place]}` });
          continue;
        }
        const wrong = known.check(value);
        if (wrong) problems.push({ pointer: at, message: `\`${key}\` ${wrong}` });
        continue;
      }
      walk(value, at);
    }
  };
  walk(doc, '');
  return problems;
}
