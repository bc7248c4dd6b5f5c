/**
 * @careapis/sdk — one facade over the careapis vendor clients: `createCareApis` with shared
 * defaults, `careApisFromEnv` from documented variables, and each vendor's types by namespace
 * (`import type { Stedi } from '@careapis/sdk'`; at runtime the namespaces are
 * the vendor packages' own exports, so types and values agree). No vendor logic lives here.
 */
export { createCareApis, type CareApis, type CareApisOptions } from './create.js';
export { careApisFromEnv, envVariable, type CareApisFromEnvOptions, type Env } from './env.js';
export type { CareApisDefaults } from './defaults.js';
export { VENDORS, type VendorClients, type VendorName, type VendorOptions } from './vendors.js';

/** Everything @careapis/stedi exports: `Stedi.Schemas["Provider"]`, `Stedi.StediClient`, … */
export * as Stedi from '@careapis/stedi';
/** Everything @careapis/certifyos exports. */
export * as Certifyos from '@careapis/certifyos';
/** Everything @careapis/telehealth exports. */
export * as Telehealth from '@careapis/telehealth';
/** Everything @careapis/carecycle exports. */
export * as Carecycle from '@careapis/carecycle';
/** Everything @careapis/candid exports. */
export * as Candid from '@careapis/candid';

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
  isCareApiError,
  rawClient,
  unwrap,
} from '@careapis/core';
export type { AttemptLogger, BaseClientOptions, CallOptions, CareApiErrorFor, CareApiErrorKind, DataOf, ErrorOf, FetchLike, FetchResult, Logger, Middleware, Paginator, RawClient, RetryOptions, WithResponse } from '@careapis/core';
