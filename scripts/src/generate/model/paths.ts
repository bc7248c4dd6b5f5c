/**
 * The Paths Object and its Path Item Objects (OpenAPI 3.1 §4.8.8–9,
 * https://spec.openapis.org/oas/v3.1.0#paths-object). Walks every operation in spec order, each
 * with its path item's parameters, and yields the operations together with what they declare for
 * the whole client: the security schemes they use, client-option headers, retry hints,
 * request-id headers and error-message fields.
 */
import { HTTP_METHODS, type Operation, type Parameter, type Ref } from '../spec-types.js';
import type { ModelContext } from './context.js';
import type { OperationModel } from './index.js';
import { methodNames } from './names.js';
import { readOperation } from './operation.js';

/** Every operation of the spec, and what the operations declare for the whole client. */
export interface PathsModel {
  operations: OperationModel[];
  /** Security schemes the operations require, in order of first use. */
  schemes: Set<string>;
  /** Client option name → header name (`x-careapis-client-option`). */
  clientOptions: Record<string, string>;
  /** Client option name → its description. */
  clientOptionDescriptions: Record<string, string>;
  /** Status → body field holding the retry delay (`x-careapis-retry-after`). */
  retryAfterFields: Record<number, string>;
  /** Error-body message paths, in order of first use (`x-careapis-error-message`). */
  errorMessageFields: Set<string>;
  /** Request-id response headers, lower case (`x-careapis-request-id`). */
  requestIdHeaders: Set<string>;
}

/** Reads every operation of the spec; a spec without one is a problem at `/paths`. */
export function readPaths(ctx: ModelContext): PathsModel {
  const found: PathsModel = { operations: [], schemes: new Set(), clientOptions: {}, clientOptionDescriptions: {}, retryAfterFields: {}, errorMessageFields: new Set(), requestIdHeaders: new Set() };
  const names = methodNames(ctx);
  for (const [path, item] of Object.entries(ctx.doc.paths ?? {})) {
    const pathParams = (item.parameters ?? []) as (Parameter | Ref)[];
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const operation = readOperation(ctx, { path, method, op, pathParams }, names, found);
      if (operation) found.operations.push(operation);
    }
  }
  if (found.operations.length === 0) ctx.problem('/paths', 'the spec has no operations');
  return found;
}
