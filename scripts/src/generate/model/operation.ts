/**
 * Operation Objects (OpenAPI 3.1 §4.8.10, https://spec.openapis.org/oas/v3.1.0#operation-object).
 * Reads one operation of a path item: its operationId (→ the method name), security, parameters
 * (with the path item's), request body, responses, and the `x-careapis-paginate` and
 * `x-careapis-idempotent` extensions. Yields the `OperationModel` the emitters read, or nothing
 * when it has no operationId.
 */
import { escapeSegment } from '../pointer.js';
import type { HTTP_METHODS, Operation, Parameter, Ref } from '../spec-types.js';
import type { ModelContext } from './context.js';
import type { OperationModel, Pagination } from './index.js';
import { argsOf, type MethodNames } from './names.js';
import { readParameters } from './parameters.js';
import type { PathsModel } from './paths.js';
import { firstExample, readRequestBody } from './request-body.js';
import { readResponses } from './responses.js';

/** Where an operation stands: its path, method, the object itself and its path item's parameters. */
export interface OperationSite {
  path: string;
  method: (typeof HTTP_METHODS)[number];
  op: Operation;
  pathParams: (Parameter | Ref)[];
}

/** The model of one operation; what it declares for the whole client goes into `found`. */
export function readOperation(ctx: ModelContext, { path, method, op, pathParams }: OperationSite, names: MethodNames, found: PathsModel): OperationModel | undefined {
  const itemAt = `/paths/${escapeSegment(path)}`;
  const at = `${itemAt}/${method}`;
  const id = op.operationId;
  if (typeof id !== 'string' || id === '') {
    ctx.problem(at, 'the operation has no operationId (it names the client method)');
    return undefined;
  }
  const name = names.method(at, id);
  const security = op.security ?? ctx.doc.security ?? [];
  for (const requirement of security) for (const scheme of Object.keys(requirement)) found.schemes.add(scheme);

  const sites = readParameters(ctx, itemAt, at, pathParams, op.parameters ?? [], found);
  const parameters = sites.map((s) => s.param);
  const body = readRequestBody(ctx, at, op.requestBody);
  const args = argsOf(ctx, sites, body.present);
  const bodyExample = body.media ? firstExample(ctx, body.media, `${at}/requestBody`) : undefined;
  const { successes, successStatus, successMedia, parse } = readResponses(ctx, at, op.responses ?? {}, found);
  const pagination = readPagination(ctx, at, id, op, parameters, successStatus, names);

  return {
    id,
    name,
    method: method.toUpperCase() as OperationModel['method'],
    path,
    summary: op.summary ?? id,
    description: op.description ?? '',
    deprecated: op.deprecated === true,
    idempotent: op['x-careapis-idempotent'] === true,
    multipart: body.multipart,
    initRequired: body.required || parameters.some((p) => p.required === true),
    parameters,
    args,
    successes,
    parse,
    body: body.body,
    bodyExample,
    hasBody: body.present,
    successStatus,
    successMedia,
    pagination,
    noAuth: Array.isArray(op.security) && op.security.length === 0,
  };
}

/** `x-careapis-paginate`: its page parameters must be query parameters of the operation, which needs a success body. */
function readPagination(ctx: ModelContext, at: string, id: string, op: Operation, parameters: Parameter[], successStatus: string | undefined, names: MethodNames): Pagination | undefined {
  const pagination = op['x-careapis-paginate'] as Pagination | undefined;
  if (!pagination) return pagination;
  const queryNames = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const needed = pagination.cursor ? [pagination.cursor.param] : pagination.offset ? [pagination.offset.param, pagination.offset.limit] : [];
  for (const param of needed) if (!queryNames.has(param)) ctx.problem(`${at}/x-careapis-paginate`, `query parameter \`${param}\` is not a parameter of the operation`);
  if (!successStatus) ctx.problem(`${at}/x-careapis-paginate`, 'a paginated operation needs a 2xx response with a body');
  names.paginator(at, id, pagination.name);
  return pagination;
}
