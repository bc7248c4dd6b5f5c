/** Bearer tokens: static, from a function, or minted from client credentials. */
import { CareApiConfigError } from '../errors.js';
import type { TokenSource } from '../options.js';

/** Sets `Authorization: Bearer …` on a request; `refresh` forgets a token the server rejected. */
export interface BearerAuth {
  /** Put a current token on the headers. */
  apply(headers: Headers): Promise<void> | void;
  /** Forget the token a server rejected with 401 (the `Authorization` value sent); true when a new one can be had. */
  refresh(rejected: string | null): boolean;
}

/** Bearer auth from a token or a token function. */
export function staticBearer(vendorTitle: string, token: TokenSource): BearerAuth {
  if (typeof token === 'string') {
    if (token.trim() === '') throw new CareApiConfigError(`${vendorTitle}: option \`token\` is empty`);
    const value = `Bearer ${token}`;
    return { apply: (headers) => headers.set('authorization', value), refresh: () => false };
  }
  if (typeof token !== 'function') throw new CareApiConfigError(`${vendorTitle}: option \`token\` must be a string or a function returning one`);
  return {
    apply: async (headers) => {
      headers.set('authorization', `Bearer ${await token()}`);
    },
    refresh: () => true,
  };
}
