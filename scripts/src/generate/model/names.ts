/**
 * The names a generated package exports, and their clashes. Reads operationIds and
 * `x-careapis-paginate` names (→ method and paginator names), parameter names and
 * `x-careapis-arg` (→ argument keys), and the Components Object's schema names (→ exported type
 * names). Yields those names, and a problem wherever two would be the same or the package
 * already uses one.
 */
import { escapeSegment, isRef } from '../pointer.js';
import type { ParameterSite } from './parameters.js';
import type { ModelContext } from './context.js';
import type { ArgModel, OperationModel, VendorModel } from './index.js';

/** Lower-case names a vendor package exports or its generated modules use, besides its operations and paginators. */
const PACKAGE_EXPORTS = new Set(['environments', 'vendor', 'parts', 'debugLogger', 'isCareApiError', 'rawClient', 'unwrap', 'invoke', 'paginate', 'toFormData', 'createRuntime', 'retryAfterFromBody', 'uploadToSignedUrl', 'downloadSignedUrl']);

/** Type names every vendor package exports (`$` is the vendor's PascalCase name). */
const RESERVED_TYPES = ['$Client', '$Base', '$ClientOptions', '$Environment', 'Schemas', 'components', 'operations', 'paths', 'CallOptions', 'CareApiPromise', 'WithResponse', 'Paginator', 'AttemptLogger', 'Logger', 'Middleware', 'RawClient', 'RetryOptions', 'CareApiErrorFor', 'CareApiErrorKind', 'CareApiError', 'CareApiBaseError', 'CareApiConfigError', 'CareApiRequestError', 'CareApiConnectionError', 'CareApiTimeoutError', 'CareApiAbortError', 'CareApiParseError', 'CareApiAuthError'];

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

/** Whether every success body of an operation is the component schema named like its result type, which then serves as that type. */
export function resultIsSchema(op: OperationModel): boolean {
  return op.successes.length > 0 && op.successes.every((s) => s.ref === `#/components/schemas/${pascalCase(op.name)}Result`);
}

/** The function names a package's operations and paginators take, in the order the spec gives them. */
export interface MethodNames {
  /** The method name of an operation (at pointer `at`), taken for it; a problem when it cannot be one or is taken. */
  method(at: string, id: string): string;
  /** Takes a paginator's name for operation `id` (at pointer `at`); a problem when it is taken or cannot name an export. */
  paginator(at: string, id: string, name: string): void;
}

/** A fresh record of method names for one spec. */
export function methodNames(ctx: ModelContext): MethodNames {
  const taken = new Map<string, string>();
  return {
    method(at, id) {
      const name = camelCase(id);
      if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) ctx.problem(`${at}/operationId`, `operationId "${id}" does not make a method name`);
      else if (PACKAGE_EXPORTS.has(name)) ctx.problem(`${at}/operationId`, `operationId "${id}" would name an exported function \`${name}\`, a name the package already uses`);
      const clash = taken.get(name);
      if (clash !== undefined) ctx.problem(`${at}/operationId`, `operationId "${id}" gives the method name \`${name}\`, already taken by "${clash}"`);
      taken.set(name, id);
      return name;
    },
    paginator(at, id, name) {
      if (taken.has(name)) ctx.problem(`${at}/x-careapis-paginate`, `method name \`${name}\` is already taken`);
      // The paginator is a function the package exports, next to the client's own exports.
      if (!/^[a-z][a-zA-Z0-9]*$/.test(name) || PACKAGE_EXPORTS.has(name)) {
        ctx.problem(`${at}/x-careapis-paginate/name`, `\`${name}\` cannot name an exported function: it must be a camelCase identifier other than ${[...PACKAGE_EXPORTS].join(', ')}`);
      }
      taken.set(name, `${id} (paginate)`);
    },
  };
}

/**
 * The argument object's keys: every parameter flat under its spec name; a clash between locations
 * (or with `body`, when the operation has a request body) needs `x-careapis-arg`.
 */
export function argsOf(ctx: ModelContext, parameters: ParameterSite[], hasBody: boolean): ArgModel[] {
  const args: ArgModel[] = [];
  const taken = new Map<string, string>(hasBody ? [['body', 'the request body']] : []);
  for (const { param, at: pointer } of parameters) {
    if (param.in === 'cookie') continue;
    const renamed = param['x-careapis-arg'];
    const key = typeof renamed === 'string' ? renamed : param.name;
    const clash = taken.get(key);
    if (clash !== undefined) {
      ctx.problem(pointer, `parameter \`${param.name}\` (in ${param.in}) and ${clash} would share the argument key \`${key}\`; give one of them \`x-careapis-arg: <another name>\``);
      continue;
    }
    taken.set(key, `parameter \`${param.name}\` (in ${param.in})`);
    args.push({ key, name: param.name, in: param.in, required: param.in === 'path' || param.required === true, description: param.description ?? '', deprecated: param.deprecated === true });
  }
  return args;
}

/**
 * Named schemas (`components.schemas`): each exported as a type of its own, under a PascalCase name
 * no other export of the package uses. An operation whose result is exactly the schema of the same
 * name (`bulkCreateProviders` → `BulkCreateProvidersResult`) shares it.
 */
export function readSchemaTypes(ctx: ModelContext, operations: OperationModel[]): VendorModel['schemas'] {
  const reserved = new Set([
    ...operations.flatMap((o) => {
      const T = pascalCase(o.name);
      return [`${T}Args`, ...(resultIsSchema(o) ? [] : [`${T}Result`]), `${T}Error`];
    }),
    ...RESERVED_TYPES.map((t) => t.replace('$', pascalCase(ctx.spec.vendor))),
  ]);
  const schemas: VendorModel['schemas'] = [];
  for (const [name, raw] of Object.entries(ctx.doc.components?.schemas ?? {})) {
    const typeName = pascalCase(name);
    const at = `/components/schemas/${escapeSegment(name)}`;
    if (!/^[A-Z][A-Za-z0-9]*$/.test(typeName)) ctx.problem(at, `schema "${name}" does not make a type name`);
    else if (reserved.has(typeName)) ctx.problem(at, `schema "${name}" would be exported as \`${typeName}\`, a name the package already exports; rename the schema`);
    reserved.add(typeName);
    schemas.push({ name, typeName, description: (isRef(raw) ? '' : raw.description) ?? '' });
  }
  return schemas;
}
