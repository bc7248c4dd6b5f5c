/**
 * The vendor model: everything the emitters need, read once from a validated spec.
 * Vendor differences live in the spec; nothing here names a vendor.
 */
import type { AuthScheme, RateLimit, TokenEndpoint } from '@careapis/core';
import { checkExtensions } from './extensions.js';
import type { LoadedSpec } from './load.js';
import { followRefs } from './pointer.js';
import { escapeSegment, type Problem } from './problems.js';
import { HTTP_METHODS, type Json, type MediaType, type Operation, type Parameter, type Ref, type ResponseObject, type Schema, type SecurityScheme } from './spec-types.js';


/** Lower-case names a vendor package exports or its generated modules use, besides its operations and paginators. */
const PACKAGE_EXPORTS = new Set(['environments', 'vendor', 'parts', 'debugLogger', 'isCareApiError', 'rawClient', 'unwrap', 'invoke', 'paginate', 'toFormData', 'createRuntime', 'retryAfterFromBody', 'uploadToSignedUrl', 'downloadSignedUrl']);
/** How a list operation pages. */
export interface Pagination {
  name: string;
  items: string;
  cursor?: { param: string; next: string };
  offset?: { param: string; limit: string };
}

/** One key of an operation's argument object: a path, query or header parameter under its spec name (or its `x-careapis-arg`). */
export interface ArgModel {
  /** The key in the argument object. */
  key: string;
  /** The parameter's name in the spec. */
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  deprecated: boolean;
}

/** One 2xx response: its status and the media type of its body, if it has one. */
export interface SuccessModel {
  status: string;
  media: string | undefined;
  /** The body schema's `$ref`, when it is one. */
  ref?: string;
}

/** One operation, as the client exposes it. */
export interface OperationModel {
  /** The spec's operationId. */
  id: string;
  /** Client method name (camelCase of the operationId). */
  name: string;
  method: Uppercase<(typeof HTTP_METHODS)[number]>;
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  idempotent: boolean;
  /** The request body is multipart/form-data. */
  multipart: boolean;
  /** The request needs an init argument (required params or body). */
  initRequired: boolean;
  /** Path, query and header parameters, `$ref`s resolved, client-option headers left out. */
  parameters: Parameter[];
  /** The argument object's keys other than `body`, one per parameter. */
  args: ArgModel[];
  /** Every 2xx response. */
  successes: SuccessModel[];
  /** How the success body is read when it is not JSON. */
  parse: 'text' | 'blob' | undefined;
  /** The request body's media type, description and whether it is required. */
  body: { media: string; description: string; required: boolean } | undefined;
  /** First request body example, if any. */
  bodyExample: Json | undefined;
  /** Whether a request body exists. */
  hasBody: boolean;
  /** First 2xx status with a JSON body, if any. */
  successStatus: string | undefined;
  /** Success media type with a schema, if any. */
  successMedia: string | undefined;
  pagination?: Pagination | undefined;
  /** Security requirement is empty (e.g. the token endpoint). */
  noAuth: boolean;
}

/** Everything generated for one vendor comes from this. */
export interface VendorModel {
  /** Package name without scope. */
  vendor: string;
  /** Spec file, relative to the repo root. */
  specFile: string;
  title: string;
  /** `info.summary`: one line on what the API is for. */
  summary: string;
  description: string;
  apiVersion: string;
  /** PascalCase name for types and `create<Name>Client`. */
  typeName: string;
  environments: { name: string; url: string; description: string }[];
  serverTemplate: string | undefined;
  auth: (AuthScheme & { description: string }) | undefined;
  secretFields: string[];
  retryAfterFields: Record<number, string>;
  /** Paths (`message`, `content.message`) of error-body fields that hold the vendor's message (`x-careapis-error-message`). */
  errorMessageFields: string[];
  /** Response headers that carry the vendor's request id (`x-careapis-request-id`), lower case. */
  requestIdHeaders: string[];
  /** option name → header name. */
  clientOptions: Record<string, string>;
  /** The vendor's published rate limits (`info.x-careapis-rate-limit`); empty when it documents none or the spec does not say. */
  rateLimits: RateLimit[];
  /** Worked examples for the README (`x-careapis-guides`): a title, a paragraph and TypeScript that uses the README's setup. */
  guides: { title: string; description: string; code: string }[];
  /** Named schemas: the spec's key and the exported type name. */
  schemas: { name: string; typeName: string; description: string }[];
  clientOptionDescriptions: Record<string, string>;
  operations: OperationModel[];
}

const isRef = (v: unknown): v is Ref => typeof v === 'object' && v !== null && typeof (v as Ref).$ref === 'string';

/** camelCase of an operationId: `ListProviders` → `listProviders`, `contracts_v2_get` → `contractsV2Get`. */
export function camelCase(id: string): string {
  const words = id.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return joined[0] ? joined[0].toLowerCase() + joined.slice(1) : joined;
}

/** PascalCase of a vendor name: `carecycle` → `Carecycle`, `my-vendor` → `MyVendor`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel[0] ? camel[0].toUpperCase() + camel.slice(1) : camel;
}

/** Builds the model, or returns every problem found. */
export function buildModel(spec: LoadedSpec): { ok: true; model: VendorModel } | { ok: false; problems: Problem[] } {
  const { doc, file } = spec;
  const problems: Problem[] = [];
  const problem = (pointer: string, message: string): void => {
    problems.push({ file, pointer, line: spec.lineOf(pointer), message });
  };
  for (const p of checkExtensions(doc)) problem(p.pointer, p.message);

  const resolve = <T>(value: T | Ref, at: string): T | undefined => {
    const { value: resolved, problem: wrong } = followRefs(doc, value);
    if (wrong) problem(at, wrong);
    return resolved as T | undefined;
  };

  // Servers → environments.
  const environments: VendorModel['environments'] = [];
  let serverTemplate: string | undefined;
  (doc.servers ?? []).forEach((server, i) => {
    if (/\{[^}]+\}/.test(server.url)) {
      serverTemplate ??= server.url;
      return;
    }
    const name = server['x-careapis-environment'];
    if (typeof name !== 'string') {
      problem(`/servers/${i}`, 'a server with a fixed URL needs `x-careapis-environment` (its environment name)');
      return;
    }
    if (environments.some((e) => e.name === name)) problem(`/servers/${i}`, `environment "${name}" is declared twice`);
    environments.push({ name, url: server.url.replace(/\/+$/, ''), description: server.description ?? name });
  });
  if (environments.length === 0 && serverTemplate === undefined) problem('/servers', 'the spec needs at least one server');
  if (environments.length > 0) serverTemplate = undefined;

  // Operations.
  const operations: OperationModel[] = [];
  const schemes = new Set<string>();
  const clientOptions: Record<string, string> = {};
  const clientOptionDescriptions: Record<string, string> = {};
  const retryAfterFields: Record<number, string> = {};
  const names = new Map<string, string>();
  const messageFields = new Set<string>();
  const requestIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const pathParams = (item.parameters ?? []) as (Parameter | Ref)[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const at = `/paths/${escapeSegment(path)}/${method}`;
      const id = op.operationId;
      if (typeof id !== 'string' || id === '') {
        problem(at, 'the operation has no operationId (it names the client method)');
        continue;
      }
      const name = camelCase(id);
      if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) problem(`${at}/operationId`, `operationId "${id}" does not make a method name`);
      else if (PACKAGE_EXPORTS.has(name)) problem(`${at}/operationId`, `operationId "${id}" would name an exported function \`${name}\`, a name the package already uses`);
      const clash = names.get(name);
      if (clash !== undefined) problem(`${at}/operationId`, `operationId "${id}" gives the method name \`${name}\`, already taken by "${clash}"`);
      names.set(name, id);

      const security = op.security ?? doc.security ?? [];
      for (const requirement of security) for (const scheme of Object.keys(requirement)) schemes.add(scheme);

      const parameters: Parameter[] = [];
      [...pathParams, ...(op.parameters ?? [])].forEach((raw, i) => {
        const param = resolve<Parameter>(raw, `${at}/parameters/${i}`);
        if (!param) return;
        const option = param['x-careapis-client-option'];
        if (typeof option === 'string') {
          if (param.in !== 'header') problem(`${at}/parameters/${i}`, '`x-careapis-client-option` only applies to header parameters');
          if (param.required) problem(`${at}/parameters/${i}`, '`x-careapis-client-option` parameters must not be `required`: the client sends them');
          const known = clientOptions[option];
          if (known !== undefined && known !== param.name) problem(`${at}/parameters/${i}`, `client option \`${option}\` is already the \`${known}\` header`);
          clientOptions[option] = param.name;
          clientOptionDescriptions[option] = param.description ?? `Sent as the \`${param.name}\` header.`;
          return;
        }
        const unsupported = serializationProblem(param, (schema) => resolve<Schema>(schema, `${at}/parameters/${i}/schema`));
        if (unsupported) problem(`${at}/parameters/${i}`, unsupported);
        parameters.push(param);
      });

      const body = op.requestBody ? resolve(op.requestBody, `${at}/requestBody`) : undefined;
      const content = body?.content ?? {};
      const bodyMedia = content['application/json'] ? 'application/json' : Object.keys(content)[0];
      const media: MediaType | undefined = bodyMedia ? content[bodyMedia] : undefined;

      // Arguments: every parameter flat under its spec name; a clash between locations (or with `body`) needs `x-careapis-arg`.
      const args: ArgModel[] = [];
      const taken = new Map<string, string>(body ? [['body', 'the request body']] : []);
      for (const param of parameters) {
        if (param.in === 'cookie') continue;
        const renamed = param['x-careapis-arg'];
        const key = typeof renamed === 'string' ? renamed : param.name;
        const pointer = `${at}/parameters/${parameters.indexOf(param)}`;
        const clash = taken.get(key);
        if (clash !== undefined) {
          problem(pointer, `parameter \`${param.name}\` (in ${param.in}) and ${clash} would share the argument key \`${key}\`; give one of them \`x-careapis-arg: <another name>\``);
          continue;
        }
        taken.set(key, `parameter \`${param.name}\` (in ${param.in})`);
        args.push({ key, name: param.name, in: param.in, required: param.in === 'path' || param.required === true, description: param.description ?? '', deprecated: param.deprecated === true });
      }
      const bodyExample = media ? firstExample(media, resolve) : undefined;

      let successStatus: string | undefined;
      let successMedia: string | undefined;
      const successes: SuccessModel[] = [];
      for (const [status, raw] of Object.entries(op.responses ?? {})) {
        const response = resolve<ResponseObject>(raw, `${at}/responses/${status}`);
        if (!response) continue;
        const hint = response['x-careapis-retry-after'];
        if (typeof hint === 'string') {
          const code = Number(status);
          if (!Number.isInteger(code)) problem(`${at}/responses/${status}`, '`x-careapis-retry-after` needs a numeric status code');
          else retryAfterFields[code] = hint;
        }
        for (const [name, header] of Object.entries(response.headers ?? {})) {
          if (resolve<Record<string, unknown>>(header as Record<string, unknown> | Ref, `${at}/responses/${status}/headers/${escapeSegment(name)}`)?.['x-careapis-request-id'] === true) requestIds.add(name.toLowerCase());
        }
        if (/^(4|5|default)/i.test(status)) {
          for (const media of Object.values(response.content ?? {})) if (media.schema) for (const path of messagePaths(media.schema, resolve)) messageFields.add(path);
        }
        if (/^2\d\d$/.test(status)) {
          const media = response.content ? (response.content['application/json'] ? 'application/json' : Object.keys(response.content)[0]) : undefined;
          const schema = media ? response.content?.[media]?.schema : undefined;
          successes.push({ status, media, ...(isRef(schema) ? { ref: schema.$ref } : {}) });
        }
        if (successStatus === undefined && /^2\d\d$/.test(status) && response.content) {
          successStatus = status;
          successMedia = Object.keys(response.content)[0];
        }
      }

      const rawPaginate = op['x-careapis-paginate'] as Pagination | undefined;
      if (rawPaginate) {
        const queryNames = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
        const needed = rawPaginate.cursor ? [rawPaginate.cursor.param] : rawPaginate.offset ? [rawPaginate.offset.param, rawPaginate.offset.limit] : [];
        for (const param of needed) if (!queryNames.has(param)) problem(`${at}/x-careapis-paginate`, `query parameter \`${param}\` is not a parameter of the operation`);
        if (!successStatus) problem(`${at}/x-careapis-paginate`, 'a paginated operation needs a 2xx response with a body');
        if (names.has(rawPaginate.name)) problem(`${at}/x-careapis-paginate`, `method name \`${rawPaginate.name}\` is already taken`);
        // The paginator is a function the package exports, next to the client's own exports.
        if (!/^[a-z][a-zA-Z0-9]*$/.test(rawPaginate.name) || PACKAGE_EXPORTS.has(rawPaginate.name)) {
          problem(`${at}/x-careapis-paginate/name`, `\`${rawPaginate.name}\` cannot name an exported function: it must be a camelCase identifier other than ${[...PACKAGE_EXPORTS].join(', ')}`);
        }
        names.set(rawPaginate.name, `${id} (paginate)`);
      }

      const upper = method.toUpperCase() as OperationModel['method'];
      operations.push({
        id,
        name,
        method: upper,
        path,
        summary: op.summary ?? id,
        description: op.description ?? '',
        deprecated: op.deprecated === true,
        idempotent: op['x-careapis-idempotent'] === true,
        multipart: Object.keys(content).some((t) => t.startsWith('multipart/form-data')),
        initRequired: body?.required === true || parameters.some((p) => p.required === true),
        parameters,
        args,
        successes,
        parse: parseOf(successMedia),
        body: body && bodyMedia ? { media: bodyMedia, description: body.description ?? '', required: body.required === true } : undefined,
        bodyExample,
        hasBody: body !== undefined,
        successStatus,
        successMedia,
        pagination: rawPaginate,
        noAuth: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  if (operations.length === 0) problem('/paths', 'the spec has no operations');

  // Security → auth.
  let auth: VendorModel['auth'];
  if (schemes.size > 1) problem('/components/securitySchemes', `one security scheme per API is supported; operations use ${[...schemes].join(', ')}`);
  const schemeName = [...schemes][0];
  if (schemeName !== undefined) {
    const at = `/components/securitySchemes/${escapeSegment(schemeName)}`;
    const raw = doc.components?.securitySchemes?.[schemeName];
    const scheme = raw ? resolve<SecurityScheme>(raw, at) : undefined;
    if (!scheme) problem(at, `security scheme "${schemeName}" is not defined`);
    else if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) {
      const prefix = scheme['x-careapis-key-prefix'];
      auth = { type: 'apiKey', header: scheme.name.toLowerCase(), description: scheme.description ?? '', ...(typeof prefix === 'string' ? { prefix } : {}) };
    } else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
      const token = scheme['x-careapis-token'] as (Omit<TokenEndpoint, 'path'> & { operationId: string }) | undefined;
      let endpoint: TokenEndpoint | undefined;
      if (token) {
        const tokenOp = operations.find((o) => o.id === token.operationId);
        if (!tokenOp) problem(`${at}/x-careapis-token`, `token operation "${token.operationId}" is not in the spec`);
        else if (tokenOp.method !== 'POST') problem(`${at}/x-careapis-token`, `token operation "${token.operationId}" must be a POST`);
        else if (!tokenOp.noAuth) problem(`${at}/x-careapis-token`, `token operation "${token.operationId}" must have \`security: []\``);
        else {
          endpoint = { path: tokenOp.path, ...token };
        }
      }
      auth = { type: 'bearer', description: scheme.description ?? '', ...(endpoint ? { token: endpoint } : {}) };
    } else {
      problem(at, `unsupported security scheme (type ${scheme.type}${scheme.in ? `, in ${scheme.in}` : ''}): use an apiKey header or http bearer`);
    }
  }

  // Published rate limits; a limit scoped to operations must name operations of the spec.
  const rateLimits: RateLimit[] = [];
  const published = doc.info['x-careapis-rate-limit'] as { limits?: unknown } | undefined;
  // Read only once the extension's shape has been checked (checkExtensions reports a malformed one).
  if (Array.isArray(published?.limits) && !problems.some((p) => p.pointer?.startsWith('/info/x-careapis-rate-limit'))) {
    for (const [i, raw] of (published.limits as { requests: number; windowSeconds: number; scope: RateLimit['scope']; operations?: string[] }[]).entries()) {
      for (const id of raw.operations ?? []) if (!operations.some((o) => o.id === id)) problem(`/info/x-careapis-rate-limit/limits/${i}/operations`, `operation "${id}" is not in the spec`);
      rateLimits.push({ requests: raw.requests, windowMs: Math.round(raw.windowSeconds * 1000), scope: raw.scope, ...(raw.operations ? { operations: raw.operations } : {}) });
    }
  }

  // Named schemas: each exported as a type of its own, under a PascalCase name no other export of the package uses.
  // An operation whose result is exactly the schema of the same name (`bulkCreateProviders` → `BulkCreateProvidersResult`) shares it.
  const reserved = new Set([
    ...operations.flatMap((o) => {
      const T = pascalCase(o.name);
      return [`${T}Args`, ...(resultIsSchema(o) ? [] : [`${T}Result`]), `${T}Error`];
    }),
    ...RESERVED_TYPES.map((t) => t.replace('$', pascalCase(spec.vendor))),
  ]);
  const schemas: VendorModel['schemas'] = [];
  for (const [name, raw] of Object.entries(doc.components?.schemas ?? {})) {
    const typeName = pascalCase(name);
    const at = `/components/schemas/${escapeSegment(name)}`;
    if (!/^[A-Z][A-Za-z0-9]*$/.test(typeName)) problem(at, `schema "${name}" does not make a type name`);
    else if (reserved.has(typeName)) problem(at, `schema "${name}" would be exported as \`${typeName}\`, a name the package already exports; rename the schema`);
    reserved.add(typeName);
    schemas.push({ name, typeName, description: (isRef(raw) ? '' : (raw as Schema).description) ?? '' });
  }

  const errorMessageFields = [...messageFields];
  const requestIdHeaders = [...requestIds].sort();
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    model: {
      vendor: spec.vendor,
      specFile: file,
      title: doc.info.title,
      summary: typeof doc.info.summary === 'string' ? doc.info.summary : '',
      description: doc.info.description ?? '',
      apiVersion: doc.info.version,
      typeName: pascalCase(spec.vendor),
      environments,
      serverTemplate,
      auth,
      secretFields: collectSecretFields(doc),
      errorMessageFields,
      requestIdHeaders,
      retryAfterFields,
      clientOptions,
      rateLimits,
      clientOptionDescriptions,
      schemas,
      guides: (doc['x-careapis-guides'] as VendorModel['guides'] | undefined) ?? [],
      operations,
    },
  };
}

/** Type names every vendor package exports (`$` is the vendor's PascalCase name). */
const RESERVED_TYPES = ['$Client', '$Base', '$ClientOptions', '$Environment', 'Schemas', 'components', 'operations', 'paths', 'CallOptions', 'CareApiPromise', 'WithResponse', 'Paginator', 'AttemptLogger', 'Logger', 'Middleware', 'RawClient', 'RetryOptions', 'CareApiErrorFor', 'CareApiErrorKind', 'CareApiError', 'CareApiBaseError', 'CareApiConfigError', 'CareApiRequestError', 'CareApiConnectionError', 'CareApiTimeoutError', 'CareApiAbortError', 'CareApiParseError', 'CareApiAuthError'];

/** Whether every success body of an operation is the component schema named like its result type, which then serves as that type. */
export function resultIsSchema(op: OperationModel): boolean {
  return op.successes.length > 0 && op.successes.every((s) => s.ref === `#/components/schemas/${pascalCase(op.name)}Result`);
}

/** How a success body of this media type is read: JSON by default, text for `text/*`, a Blob for anything else. */
function parseOf(media: string | undefined): OperationModel['parse'] {
  if (!media || media === 'application/json' || media.endsWith('+json')) return undefined;
  return media.startsWith('text/') ? 'text' : 'blob';
}

/** The first example of a media type, `$ref`s resolved. */
function firstExample(media: MediaType, resolve: <T>(v: T | Ref, at: string) => T | undefined): Json | undefined {
  if (media.example !== undefined) return media.example;
  for (const ex of Object.values(media.examples ?? {})) {
    const value = resolve(ex, '')?.value;
    if (value !== undefined) return value;
  }
  const schema = media.schema && !isRef(media.schema) ? media.schema : undefined;
  return schema?.examples?.[0];
}

/**
 * Dotted paths of the properties marked `x-careapis-error-message` in an error body schema,
 * through `$ref`s, `allOf`/`oneOf`/`anyOf` branches and nested objects (`content.message`).
 */
function messagePaths(schema: Schema | Ref, resolve: <T>(v: T | Ref, at: string) => T | undefined, prefix = '', depth = 0): string[] {
  const node = resolve<Schema>(schema, '');
  if (!node || depth > 8) return [];
  const paths: string[] = [];
  for (const branch of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) paths.push(...messagePaths(branch, resolve, prefix, depth + 1));
  for (const [name, raw] of Object.entries(node.properties ?? {})) {
    const prop = resolve<Schema>(raw, '');
    if (!prop) continue;
    if (prop['x-careapis-error-message'] === true) paths.push(`${prefix}${name}`);
    else paths.push(...messagePaths(prop, resolve, `${prefix}${name}.`, depth + 1));
  }
  return paths;
}

/** Names of properties marked `format: password` anywhere in the document. */
function collectSecretFields(doc: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const properties = (node as Schema).properties;
    if (properties && typeof properties === 'object') {
      for (const [name, prop] of Object.entries(properties)) if ((prop as Schema | null)?.format === 'password') found.add(name);
    }
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return [...found].sort();
}

/**
 * Why the runtime cannot send a parameter as the spec asks, if it cannot. The runtime serializes
 * as openapi-fetch's defaults do: path parameters `simple`, query arrays `form` exploded, query
 * objects `deepObject`, header values as text; anything else would go out in a shape the vendor
 * does not expect.
 */
function serializationProblem(param: Parameter, resolveSchema: (schema: Schema | Ref) => Schema | undefined): string | undefined {
  const where = `parameter \`${param.name}\` (in ${param.in})`;
  if (param.in === 'cookie') return `${where}: cookie parameters are not supported (the client sends no cookies)`;
  if (param.allowReserved) return `${where}: \`allowReserved\` is not supported (the client percent-encodes every value)`;
  const style = param.style ?? (param.in === 'query' ? 'form' : 'simple');
  const explode = param.explode ?? style === 'form';
  if (param.in === 'query') {
    const type = param.schema ? resolveSchema(param.schema)?.type : undefined;
    if (style === 'deepObject') return undefined;
    if (style !== 'form' || !explode) return `${where}: style \`${style}\`${explode ? '' : ' with `explode: false`'} is not supported; the client sends query arrays as \`form\` exploded (\`a=1&a=2\`) and objects as \`deepObject\``;
    if (type === 'object') return `${where}: an object query parameter must declare \`style: deepObject\` (the client sends \`${param.name}[key]=value\`)`;
    return undefined;
  }
  if (style !== 'simple' || (param.in === 'path' && explode)) return `${where}: style \`${style}\`${explode ? ' exploded' : ''} is not supported; path and header parameters are sent in \`simple\` style`;
  return undefined;
}
