/**
 * The vendor model: everything the emitters need, read once from a validated spec. Vendor
 * differences live in the spec; nothing here names a vendor.
 *
 * `buildModel` reads the OpenAPI Object (https://spec.openapis.org/oas/v3.1.0#openapi-object) by
 * handing each object it holds to the module named after it: servers.ts, paths.ts (→ operation.ts
 * → parameters.ts, request-body.ts, responses.ts), security-scheme.ts, info.ts, and names.ts for
 * the exported names; schema.ts walks schemas; context.ts carries the spec and its problems.
 * This module yields the `VendorModel`, or every problem found, each at its file, line and pointer.
 */
import type { AuthScheme, RateLimit } from '@careapis/core';
import { checkExtensions } from '../extensions.js';
import type { LoadedSpec } from '../load.js';
import type { Problem } from '../problems.js';
import type { HTTP_METHODS, Json, Parameter } from '../spec-types.js';
import { createContext } from './context.js';
import { readInfo } from './info.js';
import { pascalCase, readSchemaTypes } from './names.js';
import { readPaths } from './paths.js';
import { secretFields } from './schema.js';
import { readAuth } from './security-scheme.js';
import { readServers } from './servers.js';

export { camelCase, pascalCase, resultIsSchema } from './names.js';

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

/** Builds the model, or returns every problem found. */
export function buildModel(spec: LoadedSpec): { ok: true; model: VendorModel } | { ok: false; problems: Problem[] } {
  const ctx = createContext(spec);
  for (const p of checkExtensions(spec.doc)) ctx.problem(p.pointer, p.message);
  // In this order: each step's problems follow the previous step's, and a later step may read earlier results.
  const { environments, serverTemplate } = readServers(ctx);
  const paths = readPaths(ctx);
  const auth = readAuth(ctx, paths.schemes, paths.operations);
  const info = readInfo(ctx, paths.operations);
  const schemas = readSchemaTypes(ctx, paths.operations);
  if (ctx.problems.length) return { ok: false, problems: ctx.problems };
  return {
    ok: true,
    model: {
      vendor: spec.vendor,
      specFile: spec.file,
      title: info.title,
      summary: info.summary,
      description: info.description,
      apiVersion: info.apiVersion,
      typeName: pascalCase(spec.vendor),
      environments,
      serverTemplate,
      auth,
      secretFields: secretFields(spec.doc),
      errorMessageFields: [...paths.errorMessageFields],
      requestIdHeaders: [...paths.requestIdHeaders].sort(),
      retryAfterFields: paths.retryAfterFields,
      clientOptions: paths.clientOptions,
      rateLimits: info.rateLimits,
      clientOptionDescriptions: paths.clientOptionDescriptions,
      schemas,
      guides: (spec.doc['x-careapis-guides'] as VendorModel['guides'] | undefined) ?? [],
      operations: paths.operations,
    },
  };
}
