/** Bearer tokens: static, from a function, or minted from client credentials. */
import { CareApiConfigError } from '../errors.js';
import type { TokenSource } from '../options.js';
import type { AuthSetup } from '../types.js';

/** Sets `Authorization: Bearer …` on a request; `refresh` forgets a token the server rejected. */
export interface BearerAuth {
  /** Put a current token on the headers; returns a promise only when it has to wait for one. */
  apply(headers: Record<string, string>): Promise<void> | void;
  /** Forget the token a server rejected with 401 (the `Authorization` value sent); true when a new one can be had. */
  refresh(rejected: string | undefined): boolean;
}

/** Bearer auth from a token or a token function; `onToken` learns every token used, so it can be kept out of errors and logs. */
export function staticBearer(vendorTitle: string, token: TokenSource, onToken: (token: string) => void = () => {}): BearerAuth {
  if (typeof token === 'string') {
    if (token.trim() === '') throw new CareApiConfigError(`${vendorTitle}: option \`token\` is empty`);
    onToken(token);
    const value = `Bearer ${token}`;
    return {
      apply: (headers) => void (headers.authorization = value),
      refresh: () => false,
    };
  }
  if (typeof token !== 'function') throw new CareApiConfigError(`${vendorTitle}: option \`token\` must be a string or a function returning one`);
  return {
    apply: async (headers) => {
      const value = await token();
      onToken(value);
      headers.authorization = `Bearer ${value}`;
    },
    refresh: () => true,
  };
}

/** Bearer auth from the `token` option (a string, or a function returning one). */
export const tokenAuth: AuthSetup = ({ title, options, secret }) => {
  if (options.token === undefined) throw new CareApiConfigError(`${title}: option \`token\` is required (a bearer token, or a function returning one)`);
  return staticBearer(title, options.token as TokenSource, secret);
};
