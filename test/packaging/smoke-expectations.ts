/**
 * The loopback server of the consumer smoke runs: how it answers (token endpoints hand out a
 * token, every other request gets a JSON echo of its method and URL), and what it must receive
 * when consumer/calls.cjs makes its one call per vendor: the requests in order, with the headers
 * and JSON bodies that show auth and client options at work.
 */
import { reply, type Handler } from '../support/loopback-server.js';

/** One request the server must receive. */
export interface ExpectedRequest {
  method: string;
  url: string;
  /** Headers that must have exactly these values. */
  headers: Record<string, string>;
  /** JSON body the request must carry (compared as a subset). */
  body?: Record<string, unknown>;
}

/** Token endpoints of the vendors that mint their own tokens. */
const TOKEN_PATHS: readonly string[] = ['/api/auth/v2/token', '/auth-tokens/v2/api'];

/** The JSON body every request but a token request gets back. */
export interface Echo {
  echo: { method: string; url: string };
}

/** The token a token endpoint hands out: `token-for` plus its path, so each vendor's differs. */
export const tokenFor = (path: string): string => `token-for${path.replace(/\//g, '-')}`;

/** The server's answer: a POST to one of `TOKEN_PATHS` gets `{ access_token, expires_in, token_type }`, any other request its `Echo`. */
export const echo: Handler = ({ method, url }) =>
  method === 'POST' && TOKEN_PATHS.includes(url) ? reply(200, { access_token: tokenFor(url), expires_in: 3600, token_type: 'Bearer' }) : reply(200, { echo: { method, url } } satisfies Echo);

/** The requests of each vendor's call, by package folder name; the last one is the operation itself. */
export const EXPECTED_REQUESTS: Record<string, ExpectedRequest[]> = {
  candid: [
    { method: 'POST', url: '/api/auth/v2/token', headers: {}, body: { client_id: 'smoke-candid-id', client_secret: 'smoke-candid-secret' } },
    { method: 'GET', url: '/api/contracts/v2/contract-1', headers: { authorization: `Bearer ${tokenFor('/api/auth/v2/token')}` } },
  ],
  carecycle: [{ method: 'DELETE', url: '/v2/customers/customer-1/providers/provider-1', headers: { 'x-api-key': 'cc_smoke-carecycle-key' } }],
  certifyos: [
    { method: 'POST', url: '/auth-tokens/v2/api', headers: {}, body: { client_id: 'smoke-certifyos-id', client_secret: 'smoke-certifyos-secret', grant_type: 'client' } },
    { method: 'GET', url: '/v2/providers?limit=5', headers: { authorization: `Bearer ${tokenFor('/auth-tokens/v2/api')}`, 'organization-id': 'org-1' } },
  ],
  stedi: [{ method: 'GET', url: '/providers/provider-1', headers: { authorization: 'smoke-stedi-key' } }],
  telehealth: [
    {
      method: 'POST',
      url: '/api/service/v1/appointment-slots',
      headers: { authorization: 'Bearer smoke-telehealth-token' },
      body: { provider_email: 'john.doe@example.com', service_id: 12, date: '2024-10-21', timezone: 'Asia/Kolkata' },
    },
  ],
};
