/**
 * Request Body Objects (OpenAPI 3.1 §4.8.13, https://spec.openapis.org/oas/v3.1.0#request-body-object),
 * `$ref` resolved. Yields what the client sends (JSON when the body offers it, else its first media
 * type), whether it is multipart, whether it is required, and the first example for the README.
 */
import { isRef } from '../pointer.js';
import type { Json, MediaType, Operation } from '../spec-types.js';
import type { ModelContext } from './context.js';
import type { OperationModel } from './index.js';

/** What an operation's request body gives its model. */
export interface RequestBodyModel {
  /** Whether the operation has a request body at all. */
  present: boolean;
  /** Whether the body is required. */
  required: boolean;
  /** Whether any of its media types is multipart/form-data. */
  multipart: boolean;
  /** The body's media type, description and requiredness, when it has a media type. */
  body: OperationModel['body'];
  /** The media type the client sends, when there is one. */
  media: MediaType | undefined;
}

/** Reads an operation's request body (at `${at}/requestBody`). */
export function readRequestBody(ctx: ModelContext, at: string, raw: Operation['requestBody']): RequestBodyModel {
  const body = raw ? ctx.resolve(raw, `${at}/requestBody`) : undefined;
  const content = body?.content ?? {};
  const bodyMedia = content['application/json'] ? 'application/json' : Object.keys(content)[0];
  return {
    present: body !== undefined,
    required: body?.required === true,
    multipart: Object.keys(content).some((t) => t.startsWith('multipart/form-data')),
    body: body && bodyMedia ? { media: bodyMedia, description: body.description ?? '', required: body.required === true } : undefined,
    media: bodyMedia ? content[bodyMedia] : undefined,
  };
}

/** The first example of a media type, `$ref`s resolved; one that cannot be followed is reported at `at`, the request body. */
export function firstExample(ctx: ModelContext, media: MediaType, at: string): Json | undefined {
  if (media.example !== undefined) return media.example;
  for (const ex of Object.values(media.examples ?? {})) {
    const value = ctx.resolve(ex, at)?.value;
    if (value !== undefined) return value;
  }
  const schema = media.schema && !isRef(media.schema) ? media.schema : undefined;
  return schema?.examples?.[0];
}
