/**
 * Security Scheme Objects (OpenAPI 3.1 §4.8.27, https://spec.openapis.org/oas/v3.1.0#security-scheme-object).
 * Reads the one scheme the operations require: an API key header (with `x-careapis-key-prefix`) or
 * HTTP bearer (with `x-careapis-token`, the operation that issues tokens). Yields the client's auth.
 */
import type { TokenEndpoint } from '@careapis/core';
import { escapeSegment } from '../pointer.js';
import type { SecurityScheme } from '../spec-types.js';
import type { ModelContext } from './context.js';
import type { OperationModel, VendorModel } from './index.js';

/** The client's auth from the schemes the operations use (one at most), or undefined when none needs any. */
export function readAuth(ctx: ModelContext, schemes: Set<string>, operations: OperationModel[]): VendorModel['auth'] {
  if (schemes.size > 1) ctx.problem('/components/securitySchemes', `one security scheme per API is supported; operations use ${[...schemes].join(', ')}`);
  const schemeName = [...schemes][0];
  if (schemeName === undefined) return undefined;
  const at = `/components/securitySchemes/${escapeSegment(schemeName)}`;
  const raw = ctx.doc.components?.securitySchemes?.[schemeName];
  const scheme = raw ? ctx.resolve<SecurityScheme>(raw, at) : undefined;
  if (!scheme) {
    ctx.problem(at, `security scheme "${schemeName}" is not defined`);
    return undefined;
  }
  if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) {
    const prefix = scheme['x-careapis-key-prefix'];
    return { type: 'apiKey', header: scheme.name.toLowerCase(), description: scheme.description ?? '', ...(typeof prefix === 'string' ? { prefix } : {}) };
  }
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
    const token = scheme['x-careapis-token'] as (Omit<TokenEndpoint, 'path'> & { operationId: string }) | undefined;
    const endpoint = token ? tokenEndpoint(ctx, `${at}/x-careapis-token`, token, operations) : undefined;
    return { type: 'bearer', description: scheme.description ?? '', ...(endpoint ? { token: endpoint } : {}) };
  }
  ctx.problem(at, `unsupported security scheme (type ${scheme.type}${scheme.in ? `, in ${scheme.in}` : ''}): use an apiKey header or http bearer`);
  return undefined;
}

/** The token endpoint `x-careapis-token` names: a POST operation of the spec sent without credentials. */
function tokenEndpoint(ctx: ModelContext, at: string, token: Omit<TokenEndpoint, 'path'> & { operationId: string }, operations: OperationModel[]): TokenEndpoint | undefined {
  const tokenOp = operations.find((o) => o.id === token.operationId);
  if (!tokenOp) ctx.problem(at, `token operation "${token.operationId}" is not in the spec`);
  else if (tokenOp.method !== 'POST') ctx.problem(at, `token operation "${token.operationId}" must be a POST`);
  else if (!tokenOp.noAuth) ctx.problem(at, `token operation "${token.operationId}" must have \`security: []\``);
  else return { path: tokenOp.path, ...token };
  return undefined;
}
