/** Bearer tokens: static, from a function, or minted from client credentials. */
import { CareApiConfigError } from '../errors.js';
import { checkHeaders } from '../headers.js';
import type { TokenSource } from '../options.js';
import type { AuthSetup, RequestAuth, TokenLimits } from '../types.js';

/**
 * Bearer auth around `current`, which gives the `Authorization` value (synchronously when it has
 * one, so a cached token costs no turn of the event loop). `drop` forgets a value the server
 * rejected with 401, after which the call is retried once; without it a 401 is the answer.
 */
export function bearerAuth(current: (limits?: TokenLimits) => string | Promise<string>, drop?: (rejected: string | undefined) => void): RequestAuth {
  return {
    apply({ headers }, limits) {
      const value = current(limits);
      if (typeof value !== 'string') return value.then((v) => void (headers.authorization = v));
      headers.authorization = value;
    },
    refresh: (rejected) => (drop?.(rejected), drop !== undefined),
  };
}

/**
 * Bearer auth from the `token` option: a string, sent as is, or a function called for every
 * request (and called again after a 401). Every token is registered as a secret.
 */
export const tokenAuth: AuthSetup = ({ title, options, secret }) => {
  const token = options.token as TokenSource | undefined;
  if (typeof token === 'string' && token.trim() !== '') {
    secret(token);
    const value = `Bearer ${token}`;
    checkHeaders(title, { authorization: value });
    return bearerAuth(() => value);
  }
  if (typeof token !== 'function') {
    throw new CareApiConfigError(`${title}: option \`token\` ${token === undefined ? 'is required' : 'must be a non-empty string'}: a bearer token, or a function returning one`);
  }
  return bearerAuth(
    async () => {
      const value = await token();
      secret(value);
      return `Bearer ${value}`;
    },
    () => {},
  );
};
