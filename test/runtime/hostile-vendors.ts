/**
 * What the hostile-server suite needs to know about each vendor client: how to make it against a
 * loopback server, how its token endpoint (if any) is scripted, and one operation with a path
 * parameter. Calls go through `rawClient(client)` (openapi-fetch's shape, stable across issue 17).
 * The secrets are long and distinctive, so the leak check can look for each.
 */
import { createCandidClient } from '@careapis/candid';
import { createCarecycleClient } from '@careapis/carecycle';
import { createCertifyosClient } from '@careapis/certifyos';
import { rawClient, type RuntimeOptions, type VendorClient } from '@careapis/core';
import { createStediClient } from '@careapis/stedi';
import { createTelehealthClient } from '@careapis/telehealth';
import { reply, type LoopbackServer } from '../support/loopback-server.js';
import { transportOptions } from '../support/transports.js';

export const STEDI_KEY = 'stedi-key-hostile-5d1e09';
export const CARECYCLE_KEY = 'cc_hostile_key_8b2f44';
export const CLIENT_SECRET = 'client-secret-hostile-77c1e0';
export const MINTED = 'minted-token-hostile-a9d3f2';
export const TELEHEALTH_TOKEN = 'telehealth-token-hostile-3c3c91';

/** Every credential the vendor clients of this suite hold, by name. */
export const CREDENTIALS = { STEDI_KEY, CARECYCLE_KEY, CLIENT_SECRET, MINTED, TELEHEALTH_TOKEN };

/** A raw call's answer. */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The raw client, loosely typed so one test can drive every vendor (the typed form is covered by the contract tests). */
export type LooseRaw = { request(method: string, path: string, init?: Record<string, unknown>): Promise<RawResult> };

/** One vendor client under test. */
export interface HostileVendor {
  /** Package name. */
  name: string;
  /** The credential it sends, as the server sees it (header name and value). */
  credential: { header: string; value: string };
  /** The client against `baseUrl`; `options` are added to (and override) the defaults. */
  make(baseUrl: string, options?: Partial<RuntimeOptions>): VendorClient<{}>;
  /** Scripts the token endpoint, for vendors that mint tokens. */
  setup(server: LoopbackServer): void;
  /** An operation with path parameters: method, template, valid values, and the parameter the tests poison. */
  op: { method: 'GET' | 'DELETE' | 'PATCH'; template: string; path: Record<string, string>; param: string };
}

/** The route (`METHOD /path`) of `vendor`'s operation with its valid path parameters. */
export const routeOf = ({ op }: HostileVendor): string => `${op.method} ${op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => op.path[name] ?? '')}`;

/** The vendor's operation through the raw client, with `path` replacing its path parameters and `init` added. */
export function callOp(vendor: HostileVendor, client: VendorClient<{}>, path: Record<string, unknown> = vendor.op.path, init: Record<string, unknown> = {}): Promise<RawResult> {
  return (rawClient(client) as unknown as LooseRaw).request(vendor.op.method, vendor.op.template, { params: { path }, ...init });
}

const mints = (route: string, status: number) => (server: LoopbackServer) => server.script(route, reply(status, { access_token: MINTED, expires_in: 3600 }));

/** The five vendor clients. */
export const VENDORS: HostileVendor[] = [
  {
    name: 'stedi',
    credential: { header: 'authorization', value: STEDI_KEY },
    make: (baseUrl, options = {}) => createStediClient({ ...transportOptions(), apiKey: STEDI_KEY, baseUrl, ...options } as never),
    setup: () => {},
    op: { method: 'GET', template: '/providers/{providerId}', path: { providerId: 'p1' }, param: 'providerId' },
  },
  {
    name: 'carecycle',
    credential: { header: 'x-api-key', value: CARECYCLE_KEY },
    make: (baseUrl, options = {}) => createCarecycleClient({ ...transportOptions(), apiKey: CARECYCLE_KEY, baseUrl, ...options } as never),
    setup: () => {},
    op: { method: 'DELETE', template: '/v2/customers/{id}/providers/{providerId}', path: { id: 'c1', providerId: 'p1' }, param: 'id' },
  },
  {
    name: 'certifyos',
    credential: { header: 'authorization', value: `Bearer ${MINTED}` },
    make: (baseUrl, options = {}) => createCertifyosClient({ ...transportOptions(), clientId: 'certifyos-id', clientSecret: CLIENT_SECRET, organizationId: 'org-1', baseUrl, ...options } as never),
    setup: mints('POST /auth-tokens/v2/api', 201),
    op: { method: 'PATCH', template: '/v2/providers/{id}', path: { id: 'p1' }, param: 'id' },
  },
  {
    name: 'telehealth',
    credential: { header: 'authorization', value: `Bearer ${TELEHEALTH_TOKEN}` },
    make: (baseUrl, options = {}) => createTelehealthClient({ ...transportOptions(), token: TELEHEALTH_TOKEN, baseUrl, ...options } as never),
    setup: () => {},
    // The spec has no operation with a path parameter: a raw call by a path of our own, through the same runtime.
    op: { method: 'GET', template: '/api/service/v1/provider/{providerId}', path: { providerId: 'p1' }, param: 'providerId' },
  },
  {
    name: 'candid',
    credential: { header: 'authorization', value: `Bearer ${MINTED}` },
    make: (baseUrl, options = {}) => createCandidClient({ ...transportOptions(), clientId: 'candid-id', clientSecret: CLIENT_SECRET, baseUrl, ...options } as never),
    setup: mints('POST /api/auth/v2/token', 200),
    op: { method: 'DELETE', template: '/api/contracts/v2/{contract_id}', path: { contract_id: 'c1' }, param: 'contract_id' },
  },
];
