/**
 * @careapis/sdk — one facade over the careapis vendor clients: `createCareApis` with shared
 * defaults, `careApisFromEnv` from documented variables, and each vendor's types by namespace
 * (`import type { Stedi } from '@careapis/sdk'`; at runtime the namespaces are
 * the vendor packages' own exports, so types and values agree). No vendor logic lives here.
 */
export { createCareApis, type CareApis, type CareApisOptions } from './create.js';
export { careApisFromEnv, envVariable, type CareApisFromEnvOptions, type Env } from './env.js';
export type { CareApisDefaults } from './defaults.js';
export { VENDORS, type VendorClients, type VendorName, type VendorOptions } from './generated/vendors.js';
export * from './generated/namespaces.js';

export {
  CareApiAbortError,
  CareApiAuthError,
  CareApiBaseError,
  CareApiConfigError,
  CareApiConnectionError,
  CareApiError,
  CareApiParseError,
  CareApiRequestError,
  CareApiTimeoutError,
  CareApiPromise,
  debugLogger,
  isCareApiBaseError,
  isCareApiError,
  rawClient,
  unwrap,
} from '@careapis/core';
export type { AttemptLogger, BaseClientOptions, CallOptions, CareApiErrorFor, CareApiErrorKind, DataOf, ErrorOf, FetchLike, FetchResult, Logger, Middleware, Paginator, RawClient, RetryOptions, WithResponse } from '@careapis/core';
