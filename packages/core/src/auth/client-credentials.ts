/**
 * Client-credentials tokens (`x-careapis-token`): minted on first use, cached, refreshed before
 * they expire, one refresh in flight however many calls start at once.
 */
import { CareApiAuthError, CareApiConfigError } from '../errors.js';
import type { TokenEndpoint } from '../types.js';
import type { BearerAuth } from './bearer.js';

/** Sends the token request body and returns the raw response. */
export type MintToken = (body: string) => Promise<Response>;

/** Longest head start a refresh takes before the token's expiry, in seconds. */
export const REFRESH_MARGIN_SECONDS = 120;

/** Bearer auth that mints its own tokens from client credentials. */
export function clientCredentials(
  vendorTitle: string,
  endpoint: TokenEndpoint,
  credentials: { clientId?: unknown; clientSecret?: unknown },
  mint: MintToken,
  now: () => number = Date.now,
): BearerAuth {
  const missing = (['clientId', 'clientSecret'] as const).filter((k) => typeof credentials[k] !== 'string' || credentials[k] === '');
  if (missing.length) {
    throw new CareApiConfigError(`${vendorTitle}: ${missing.map((k) => `\`${k}\``).join(' and ')} missing: pass \`token\`, or both \`clientId\` and \`clientSecret\``);
  }
  const body = JSON.stringify({ ...endpoint.extraBody, [endpoint.clientId]: credentials.clientId, [endpoint.clientSecret]: credentials.clientSecret });
  let cached: { value: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const mintToken = async (): Promise<string> => {
    const response = await mint(body);
    if (!response.ok) {
      await response.body?.cancel();
      const hint = response.status === 401 || response.status === 403 ? ': check clientId and clientSecret' : '';
      throw new CareApiAuthError(`${vendorTitle}: the token endpoint ${endpoint.path} answered HTTP ${response.status}${hint}`, response.status);
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (cause) {
      throw new CareApiAuthError(`${vendorTitle}: the token endpoint ${endpoint.path} answered HTTP ${response.status} with a body that is not JSON`, response.status, { cause });
    }
    const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const token = record[endpoint.accessToken];
    if (typeof token !== 'string' || token === '') {
      throw new CareApiAuthError(`${vendorTitle}: the token endpoint's response has no \`${endpoint.accessToken}\` string`, response.status);
    }
    const given = endpoint.expiresIn ? record[endpoint.expiresIn] : undefined;
    const lifetime = typeof given === 'number' && given > 0 ? given : endpoint.lifetimeSeconds;
    const margin = Math.min(REFRESH_MARGIN_SECONDS, lifetime / 10);
    cached = { value: token, refreshAt: now() + (lifetime - margin) * 1000 };
    return token;
  };

  const current = (): string | Promise<string> => {
    if (cached && now() < cached.refreshAt) return cached.value;
    inflight ??= mintToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  return {
    apply: async (headers) => {
      headers.set('authorization', `Bearer ${await current()}`);
    },
    refresh: (rejected) => {
      // Many calls may fail with the same stale token: only the first one's refresh drops it.
      if (cached && rejected === `Bearer ${cached.value}`) cached = undefined;
      return true;
    },
  };
}
