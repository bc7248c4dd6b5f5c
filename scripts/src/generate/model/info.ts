/**
 * The Info Object (OpenAPI 3.1 §4.8.2, https://spec.openapis.org/oas/v3.1.0#info-object): the
 * API's title, one-line summary, description and version, and its published rate limits
 * (`x-careapis-rate-limit`), whose operation-scoped limits must name operations of the spec.
 */
import type { RateLimit } from '@careapis/core';
import type { ModelContext } from './context.js';
import type { OperationModel, VendorModel } from './index.js';

/** A published limit as `x-careapis-rate-limit` writes it (its shape checked by `checkExtensions`). */
interface PublishedLimit {
  requests: number;
  windowSeconds: number;
  scope: RateLimit['scope'];
  operations?: string[];
}

/** What the Info Object gives the model. */
export function readInfo(ctx: ModelContext, operations: OperationModel[]): Pick<VendorModel, 'title' | 'summary' | 'description' | 'apiVersion' | 'rateLimits'> {
  const rateLimits = rateLimitsOf(ctx, operations);
  const { info } = ctx.doc;
  return {
    title: info.title,
    summary: typeof info.summary === 'string' ? info.summary : '',
    description: info.description ?? '',
    apiVersion: info.version,
    rateLimits,
  };
}

/** The published rate limits; none when the spec states none or the extension is malformed (already a problem). */
function rateLimitsOf(ctx: ModelContext, operations: OperationModel[]): RateLimit[] {
  const rateLimits: RateLimit[] = [];
  const published = ctx.doc.info['x-careapis-rate-limit'] as { limits?: unknown } | undefined;
  // Read only once the extension's shape has been checked (checkExtensions reports a malformed one).
  if (!Array.isArray(published?.limits) || ctx.problems.some((p) => p.pointer?.startsWith('/info/x-careapis-rate-limit'))) return rateLimits;
  for (const [i, raw] of (published.limits as PublishedLimit[]).entries()) {
    for (const id of raw.operations ?? []) if (!operations.some((o) => o.id === id)) ctx.problem(`/info/x-careapis-rate-limit/limits/${i}/operations`, `operation "${id}" is not in the spec`);
    rateLimits.push({ requests: raw.requests, windowMs: Math.round(raw.windowSeconds * 1000), scope: raw.scope, ...(raw.operations ? { operations: raw.operations } : {}) });
  }
  return rateLimits;
}
