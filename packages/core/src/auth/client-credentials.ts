/**
 * Client-credentials tokens (`x-careapis-token`): minted on first use, cached, refreshed before
 * they expire, one refresh in flight however many calls start at once.
 */
import { CareApiAuthError, CareApiConfigError } from '../errors.js';
import type { AuthSetup, TokenEndpoint } from '../types.js';
import { tokenAuth, type BearerAuth } from './bearer.js';

/** Sends the token request body; resolves with the answer's status and body text. */
export type MintToken = (body: string) => Promise<{ status: number; text: string }>;

/** Longest head start a refresh takes before the token's expiry, in seconds. */
export const REFRESH_MARGIN_SECONDS = 120;

/** Hooks for {@link clientCredentials}. */
export interface ClientCredentialsHooks {
  /** Called with each new token, so it can be kept out of errors and logs. */
  onToken?: (token: string) => void;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** Bearer auth that mints its own tokens from client credentials. */
export function clientCredentials(
  vendorTitle: string,
  endpoint: TokenEndpoint,
  credentials: { clientId?: unknown; clientSecret?: unknown },
  mint: MintToken,
  hooks: ClientCredentialsHooks = {},
): BearerAuth {
  const now = hooks.now ?? Date.now;
  const missing = (['clientId', 'clientSecret'] as const).filter((k) => typeof credentials[k] !== 'string' || credentials[k] === '');
  if (missing.length) {
    throw new CareApiConfigError(`${vendorTitle}: ${missing.map((k) => `\`${k}\``).join(' and ')} missing: pass \`token\`, or both \`clientId\` and \`clientSecret\``);
  }
  const body = JSON.stringify({ ...endpoint.extraBody, [endpoint.clientId]: credentials.clientId, [endpoint.clientSecret]: credentials.clientSecret });
  let cached: { value: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const mintToken = async (): Promise<string> => {
    const { status, text } = await mint(body);
    if (status < 200 || status > 299) {
      // The body is left out: a token endpoint may echo the credentials it was sent.
      const hint = status === 401 || status === 403 ? ': check clientId and clientSecret' : '';
      throw new CareApiAuthError(`${vendorTitle}: the token endpoint ${endpoint.path} answered HTTP ${status}${hint}`, status);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new CareApiAuthError(`${vendorTitle}: the token endpoint ${endpoint.path} answered HTTP ${status} with a body that is not JSON`, status);
    }
    const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const token = record[endpoint.accessToken];
    if (typeof token !== 'string' || token === '') {
      throw new CareApiAuthError(`${vendorTitle}: the token endpoint's response has no \`${endpoint.accessToken}\` string`, status);
    }
    const given = endpoint.expiresIn ? record[endpoint.expiresIn] : undefined;
    const lifetime = typeof given === 'number' && given > 0 ? given : endpoint.lifetimeSeconds;
    const margin = Math.min(REFRESH_MARGIN_SECONDS, lifetime / 10);
    hooks.onToken?.(token);
    cached = { value: `Bearer ${token}`, refreshAt: now() + (lifetime - margin) * 1000 };
    return cached.value;
  };

  const current = (): Promise<string> =>
    (inflight ??= mintToken().finally(() => {
      inflight = undefined;
    }));

  return {
    apply: (headers) => {
      // The common case, a cached token that is still fresh, stays synchronous.
      if (cached && now() < cached.refreshAt) return void (headers.authorization = cached.value);
      return current().then((value) => void (headers.authorization = value));
    },
    refresh: (rejected) => {
      // Many calls may fail with the same stale token: only the first one's refresh drops it.
      if (cached && rejected === cached.value) cached = undefined;
      return true;
    },
  };
}

/** Bearer auth that mints tokens from `clientId` and `clientSecret` at the scheme's token endpoint, or takes a `token` instead. */
export const clientCredentialsAuth: AuthSetup = (context) => {
  const { title, scheme, options, secret } = context;
  if (options.token !== undefined || scheme.type !== 'bearer' || !scheme.token) return tokenAuth(context);
  const auth = clientCredentials(title, scheme.token, options, context.mint, { onToken: secret });
  secret(options.clientSecret as string);
  return auth;
};
