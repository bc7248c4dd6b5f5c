/**
 * Wires one vendor client: openapi-fetch with our light Request and policy-applying fetch,
 * auth from the spec, client-level headers, and the typed operation methods.
 */
import createClient, { type Client, type ClientForPath, type MaybeOptionalInit } from 'openapi-fetch';
import { apiKeyHeader } from './auth/api-key.js';
import { staticBearer, type BearerAuth } from './auth/bearer.js';
import { clientCredentials } from './auth/client-credentials.js';
import { resolveBaseUrl } from './environments.js';
import { CareApiConfigError, CareApiParseError } from './errors.js';
import type { BaseClientOptions, FetchLike, TokenSource } from './options.js';
import { toFormData } from './form-data.js';
import { LiteRequest } from './request.js';
import { RETRY_DEFAULTS } from './retry.js';
import { createTransport } from './transport.js';
import type { CallRecord, OperationMeta, VendorDescriptor } from './types.js';

/** Default timeout per attempt, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The typed method openapi-fetch offers for one path item and method: `(init) => Promise<{ data, error, response }>`. */
export type OperationMethod<PathInfo, Method extends string> =
  PathInfo extends Record<string | number, unknown>
    ? ClientForPath<PathInfo, `${string}/${string}`> extends infer C
      ? Uppercase<Method> extends keyof C
        ? C[Uppercase<Method>]
        : never
      : never
    : never;

/** The init argument (params, body, headers, signal…) of one path item and method. */
export type OperationInit<PathInfo, Method extends string> = Method extends keyof PathInfo ? MaybeOptionalInit<PathInfo, Method> : never;

/** The openapi-fetch client type for a `paths` type. */
export type RawClient<Paths extends {}> = Client<Paths>;

/** What a generated client is built from. */
export interface Runtime<Paths extends {}> {
  /** The underlying openapi-fetch client, with every policy applied. */
  raw: Client<Paths>;
  /** The base URL requests go to. */
  baseUrl: string;
  /** A method that calls one operation of the table. */
  operation(op: OperationMeta): (init?: Record<string, unknown>) => Promise<unknown>;
}

/** Options as the runtime sees them: the shared ones plus whichever auth and client-header options the vendor has. */
export type RuntimeOptions = BaseClientOptions & {
  apiKey?: string;
  token?: TokenSource;
  clientId?: string;
  clientSecret?: string;
};

/** Builds the runtime for one vendor client. Throws {@link CareApiConfigError} for missing or malformed options. */
export function createRuntime<Paths extends {}>(vendor: VendorDescriptor, options: RuntimeOptions, version: string): Runtime<Paths> {
  if (typeof options !== 'object' || options === null) throw new CareApiConfigError(`${vendor.title}: options are required`);
  const baseUrl = resolveBaseUrl(vendor, options.environment, options.baseUrl);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = {
    'user-agent': `${vendor.packageName}/${version}${options.userAgent ? ` ${options.userAgent}` : ''}`,
    ...options.headers,
  };

  for (const [option, header] of Object.entries(vendor.clientOptions ?? {})) {
    const value = (options as Record<string, unknown>)[option];
    if (typeof value !== 'string' || value === '') {
      throw new CareApiConfigError(`${vendor.title}: option \`${option}\` is required (sent as the \`${header}\` header on every call)`);
    }
    headers[header] = value;
  }

  const retry = { ...RETRY_DEFAULTS, ...options.retry, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) };
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!(timeout > 0)) throw new CareApiConfigError(`${vendor.title}: option \`timeout\` must be a positive number of milliseconds`);
  if (!(retry.maxRetries >= 0)) throw new CareApiConfigError(`${vendor.title}: option \`maxRetries\` must be 0 or more`);

  let auth: BearerAuth | undefined;
  const scheme = vendor.auth;
  const transportBase = { vendor, fetch: fetchImpl, timeout, retry, logger: options.logger, logBodies: options.logBodies === true };
  if (scheme?.type === 'apiKey') {
    Object.assign(headers, apiKeyHeader(vendor.title, scheme.header, options.apiKey, scheme.prefix));
  } else if (scheme?.type === 'bearer') {
    if (options.token !== undefined) {
      auth = staticBearer(vendor.title, options.token);
    } else if (scheme.token) {
      const endpoint = scheme.token;
      const mintTransport = createTransport(transportBase);
      const tokenOp: OperationMeta = { id: 'token', method: 'POST', path: endpoint.path, idempotent: true };
      auth = clientCredentials(vendor.title, endpoint, options, (body) =>
        mintTransport(
          new LiteRequest(baseUrl + endpoint.path, {
            method: 'POST',
            body,
            headers: new Headers({ 'content-type': 'application/json', accept: 'application/json', 'user-agent': headers['user-agent'] ?? '' }),
            careapis: { vendor, op: tokenOp, attempts: 0, status: 0 },
          }),
        ),
      );
    } else {
      throw new CareApiConfigError(`${vendor.title}: option \`token\` is required (a bearer token, or a function returning one)`);
    }
  }

  const send = createTransport({ ...transportBase, auth });
  const raw = createClient<Paths>({ baseUrl, headers, fetch: send as unknown as typeof fetch, Request: LiteRequest as unknown as typeof Request });
  const request = raw.request as unknown as (method: string, path: string, init: Record<string, unknown>) => Promise<unknown>;

  return {
    raw,
    baseUrl,
    operation(op) {
      return async (init) => {
        const record: CallRecord = { vendor, op, attempts: 0, status: 0 };
        try {
          const serialize = op.multipart && !init?.bodySerializer ? { bodySerializer: toFormData } : undefined;
          return await request(op.method, op.path, { ...init, ...serialize, careapis: record });
        } catch (error) {
          if (error instanceof SyntaxError) {
            // openapi-fetch could not parse a success body as JSON: the vendor sent something other than the spec says.
            throw new CareApiParseError(
              `the response body is not valid JSON`,
              { vendor: vendor.name, operationId: op.id, method: op.method, url: baseUrl + op.path, attempts: record.attempts },
              record.status,
              { cause: error },
            );
          }
          throw error;
        }
      };
    },
  };
}
