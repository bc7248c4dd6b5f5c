/**
 * How the facade tests' loopback server answers, by path: token endpoints (`…/token`,
 * `/auth-tokens/…`) mint a token; `/hang…` never answers; `/unavailable…` answers 503; everything
 * else answers 200 with a small JSON body.
 */
import { hang, reply, type Handler } from '../support/loopback-server.js';

/** The token the server mints. */
export const MINTED_TOKEN = 'minted-token-from-loopback';

/** The answer to any request, chosen by its path. */
export const byPath: Handler = ({ path }) => {
  if (path.includes('/hang')) return hang();
  if (path.includes('/unavailable')) return reply(503, { message: 'try later' });
  if (path.endsWith('/token') || path.startsWith('/auth-tokens/')) return reply(200, { access_token: MINTED_TOKEN, expires_in: 3600 });
  return reply(200, { ok: true });
};
