/**
 * Client-credentials tokens (`x-careapis-token`): minted on first use, cached, refreshed before
 * they expire, one refresh in flight however many calls start at once.
 */
import { CareApiAuthError, CareApiConfigError, messageOf } from '../errors.js';
import { badHeaderValue } from '../headers.js';
import { requestIdOf } from '../result.js';
import type { AuthSetup, TokenLimits } from '../types.js';
import { bearerAuth, tokenAuth } from './bearer.js';

/** A token is refreshed this many seconds before it expires (at most a tenth of its lifetime). */
export const REFRESH_MARGIN_SECONDS = 120;

/**
 * Client-credentials auth: with `clientId` and `clientSecret`, mints a bearer token at the spec's
 * token endpoint on first use, caches it, refreshes it before it expires with one refresh in
 * flight, and drops it when the API answers 401. With `token` instead, it is {@link tokenAuth}.
 * The credentials and every minted token are registered as secrets.
 */
export const clientCredentialsAuth: AuthSetup = (context) => {
  const { title, scheme, options, secret, mint, vendor } = context;
  const { token, clientId, clientSecret } = options;
  if (token !== undefined && (clientId ?? clientSecret) !== undefined) {
    throw new CareApiConfigError(`${title}: pass \`token\` or \`clientId\` and \`clientSecret\`, not both`);
  }
  if (token !== undefined || scheme.type !== 'bearer' || !scheme.token) return tokenAuth(context);
  const endpoint = scheme.token;
  if ([clientId, clientSecret].some((v) => typeof v !== 'string' || v === '')) {
    throw new CareApiConfigError(`${title}: options \`clientId\` and \`clientSecret\` are both required (or pass \`token\`)`);
  }
  secret(options.clientSecret as string);
  const body = JSON.stringify({ ...endpoint.extraBody, [endpoint.clientId]: options.clientId, [endpoint.clientSecret]: options.clientSecret });
  // Errors name the endpoint, the status, the vendor's message (the error body's marked fields, scrubbed of
  // the secrets sent) and the request id; never the body: a token endpoint may echo the credentials it was sent.
  const refused = ({ error, response }: Awaited<ReturnType<typeof mint>>, why: string): CareApiAuthError => {
    const vendorMessage = messageOf(error, vendor.errorMessageFields ?? []);
    const requestId = requestIdOf(response, vendor.requestIdHeaders);
    return new CareApiAuthError(`${title}: the token endpoint ${endpoint.path} answered HTTP ${response.status}${vendorMessage ? ` (${vendorMessage})` : ''}${why}${requestId ? ` (request id ${requestId})` : ''}`, response.status, { vendorMessage, requestId });
  };
  let cached: { value: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const mintToken = async (limits?: TokenLimits): Promise<string> => {
    const answer = await mint(body, limits).catch((cause: unknown) => {
      // No answer (connection, timeout): the cause says which; like every error here, it never holds the credentials.
      throw new CareApiAuthError(`${title}: the token request to ${endpoint.path} failed`, undefined, { cause });
    });
    const { status } = answer.response;
    const text = typeof answer.data === 'string' ? answer.data : '';
    if (status < 200 || status > 299) throw refused(answer, status === 401 || status === 403 ? ': check clientId and clientSecret' : '');
    let payload: Record<string, unknown> | null;
    try {
      payload = JSON.parse(text) as Record<string, unknown> | null;
    } catch {
      throw refused(answer, ' with a body that is not JSON');
    }
    const token = payload?.[endpoint.accessToken];
    if (typeof token !== 'string' || token === '' || badHeaderValue(token)) throw refused(answer, ` without a \`${endpoint.accessToken}\` string`);
    const given = endpoint.expiresIn ? payload?.[endpoint.expiresIn] : undefined;
    const lifetime = typeof given === 'number' && given > 0 ? given : endpoint.lifetimeSeconds;
    secret(token);
    cached = { value: `Bearer ${token}`, refreshAt: Date.now() + (lifetime - Math.min(REFRESH_MARGIN_SECONDS, lifetime / 10)) * 1000 };
    return cached.value;
  };

  return bearerAuth(
    // One token request in flight, made within the limits of the call that started it.
    (limits) => (cached && Date.now() < cached.refreshAt ? cached.value : (inflight ??= mintToken(limits).finally(() => (inflight = undefined)))),
    // Many calls may fail with the same stale token: only the first one's refresh drops it.
    (rejected) => void (cached?.value === rejected && (cached = undefined)),
  );
};
