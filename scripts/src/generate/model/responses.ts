/**
 * Responses Objects (OpenAPI 3.1 §4.8.16–17, https://spec.openapis.org/oas/v3.1.0#responses-object),
 * each response `$ref` resolved. Yields an operation's 2xx responses (status, media type, schema
 * `$ref`) and how its success body is parsed; records the document-wide facts responses carry:
 * retry hints (`x-careapis-retry-after`), request-id headers (`x-careapis-request-id`) and where
 * error bodies hold the vendor's message (`x-careapis-error-message`).
 */
import { escapeSegment, isRef } from '../pointer.js';
import type { Operation, Ref, ResponseObject } from '../spec-types.js';
import type { ModelContext } from './context.js';
import type { OperationModel } from './index.js';
import type { PathsModel } from './paths.js';
import { messagePaths } from './schema.js';

/** What an operation's responses give its model. */
export type ResponsesModel = Pick<OperationModel, 'successes' | 'successStatus' | 'successMedia' | 'parse'>;

/** Reads an operation's responses (at `${at}/responses`), recording retry hints, request-id headers and message fields in `found`. */
export function readResponses(ctx: ModelContext, at: string, responses: NonNullable<Operation['responses']>, found: Pick<PathsModel, 'retryAfterFields' | 'errorMessageFields' | 'requestIdHeaders'>): ResponsesModel {
  let successStatus: string | undefined;
  let successMedia: string | undefined;
  const successes: OperationModel['successes'] = [];
  for (const [status, raw] of Object.entries(responses)) {
    const response = ctx.resolve<ResponseObject>(raw, `${at}/responses/${status}`);
    if (!response) continue;
    const hint = response['x-careapis-retry-after'];
    if (typeof hint === 'string') {
      const code = Number(status);
      if (!Number.isInteger(code)) ctx.problem(`${at}/responses/${status}`, '`x-careapis-retry-after` needs a numeric status code');
      else found.retryAfterFields[code] = hint;
    }
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (ctx.resolve<Record<string, unknown>>(header as Record<string, unknown> | Ref, `${at}/responses/${status}/headers/${escapeSegment(name)}`)?.['x-careapis-request-id'] === true) found.requestIdHeaders.add(name.toLowerCase());
    }
    if (/^(4|5|default)/i.test(status)) {
      for (const media of Object.values(response.content ?? {})) if (media.schema) for (const path of messagePaths(ctx, media.schema, `${at}/responses/${status}`)) found.errorMessageFields.add(path);
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
  return { successes, successStatus, successMedia, parse: parseOf(successMedia) };
}

/** How a success body of this media type is read: JSON by default, text for `text/*`, a Blob for anything else. */
function parseOf(media: string | undefined): OperationModel['parse'] {
  if (!media || media === 'application/json' || media.endsWith('+json')) return undefined;
  return media.startsWith('text/') ? 'text' : 'blob';
}
