/**
 * @careapis/core — the runtime every careapis client shares. Generated vendor packages build on
 * `createRuntime`; applications mostly use `unwrap` and the error classes.
 */
export { apiKeyAuth } from './auth/api-key.js';
export { tokenAuth } from './auth/bearer.js';
export { clientCredentialsAuth } from './auth/client-credentials.js';
export { createRuntime, DEFAULT_TIMEOUT_MS, type OperationTable, type RuntimeParts, type RawClient, type Runtime, type RuntimeOptions, type VendorClient } from './runtime.js';
export { CareApiPromise, invoke, type WithResponse } from './operation.js';
export { downloadSignedUrl, uploadToSignedUrl, type SignedDownloadOptions, type SignedUploadOptions } from './signed-url.js';
export { rawClient } from './middleware.js';
export type { Middleware } from 'openapi-fetch';
export { toFormData } from './form-data.js';
export { paginate, type PageStyle, type Paginator } from './paginate.js';
export { unwrap, type DataOf, type ErrorOf, type FetchResult } from './result.js';
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
  isCareApiBaseError,
  isCareApiError,
  type CallContext,
  type CareApiErrorFor,
  type CareApiErrorKind,
} from './errors.js';
export type { ApiKeyAuthOptions, BaseClientOptions, CallOptions, ClientCredentialsOptions, FetchLike, HeaderSource, HttpTransport, Limiter, StaticTokenOptions, TokenSource } from './options.js';
export { debugLogger, type AttemptLogger, type AttemptOutcome, type DebugLoggerOptions, type Logger } from './log.js';
export { RETRY_DEFAULTS, RETRYABLE_STATUSES, type RetryContext, type RetryDecision, type RetryOptions, type RetryPolicy, type RetryReason } from './retry.js';
export { retryAfterFromBody } from './retry-after.js';
export { REDACTED, type Redactor } from './redact.js';
export type { Answer, AuthContext, AuthRequest, AuthScheme, AuthSetup, CallRecord, LightAnswer, HttpMethod, OperationMeta, RateLimit, RequestAuth, TokenEndpoint, TokenLimits, VendorDescriptor } from './types.js';
