/** careApisFromEnv: complete, missing and partial configurations of every vendor; no value ever appears in an error. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CareApiConfigError, careApisFromEnv, envVariable, type Env } from '@careapis/sdk';
import { useLoopbackServer } from '../support/loopback-server.js';
import { byPath, MINTED_TOKEN } from './answers.js';

const server = useLoopbackServer({ respond: byPath });
afterEach(() => vi.unstubAllEnvs());

/** Distinct, recognisable values: any of them showing up in an error is a leak. */
const SECRET = {
  stediKey: 'stedi-secret-value-7Q1',
  certifyosToken: 'certifyos-token-value-8R2',
  certifyosSecret: 'certifyos-secret-value-9S3',
  telehealthToken: 'telehealth-token-value-0T4',
  carecycleKey: 'cc_carecycle-secret-value-1U5',
  candidToken: 'candid-token-value-2V6',
  candidSecret: 'candid-secret-value-3W7',
};
const ID = { certifyosClient: 'certifyos-client-id-4X8', candidClient: 'candid-client-id-5Y9', org: 'organization-id-6Z0' };
const ALL_VALUES = [...Object.values(SECRET), ...Object.values(ID)];

/** The error `run` throws, checked to be a CareApiConfigError that carries no configured value anywhere. */
function configError(run: () => unknown): CareApiConfigError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CareApiConfigError);
  const error = thrown as CareApiConfigError;
  const texts = [error.message, String(error), error.stack ?? '', JSON.stringify(error), String((error.cause as Error | undefined)?.message ?? '')];
  for (const text of texts) for (const value of ALL_VALUES) expect(text, 'an error must not echo a value').not.toContain(value);
  return error;
}

describe('careApisFromEnv: complete configurations', () => {
  it('configures every vendor from its variables, and the values reach the requests', async () => {
    const url = server.url;
    const careApis = careApisFromEnv({
      STEDI_API_KEY: SECRET.stediKey,
      STEDI_BASE_URL: url,
      CERTIFYOS_CLIENT_ID: ID.certifyosClient,
      CERTIFYOS_CLIENT_SECRET: SECRET.certifyosSecret,
      CERTIFYOS_ORGANIZATION_ID: ID.org,
      CERTIFYOS_BASE_URL: url,
      TELEHEALTH_BASE_URL: url,
      TELEHEALTH_TOKEN: SECRET.telehealthToken,
      CARECYCLE_API_KEY: SECRET.carecycleKey,
      CARECYCLE_BASE_URL: url,
      CANDID_TOKEN: SECRET.candidToken,
      CANDID_BASE_URL: url,
      UNRELATED: 'ignored',
    });
    expect(careApis.vendors).toEqual(['candid', 'carecycle', 'certifyos', 'stedi', 'telehealth']);

    await careApis.stedi.getProvider({ providerId: 'p1' });
    await careApis.certifyos.listProviders();
    await careApis.telehealth.getProviderAppointmentSlots({ body: { provider_email: 'dr@example.com', service_id: 1, date: '2026-01-05' } });
    await careApis.carecycle.deleteCustomerProvider({ id: '497f6eca-6276-4993-bfeb-53cbbbba6f08', providerId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' });
    await careApis.candid.listContracts();

    const by = (prefix: string) => server.requests.filter((r) => r.path.startsWith(prefix));
    expect(by('/providers/p1')[0]?.headers.authorization).toBe(SECRET.stediKey);
    const mint = by('/auth-tokens/')[0];
    expect(JSON.parse(mint?.body ?? '{}')).toMatchObject({ client_id: ID.certifyosClient, client_secret: SECRET.certifyosSecret });
    expect(by('/v2/providers')[0]?.headers).toMatchObject({ authorization: `Bearer ${MINTED_TOKEN}`, 'organization-id': ID.org });
    expect(by('/api/service/v1/appointment-slots')[0]?.headers.authorization).toBe(`Bearer ${SECRET.telehealthToken}`);
    expect(by('/v2/customers/')[0]?.headers['x-api-key']).toBe(SECRET.carecycleKey);
    expect(by('/api/contracts/v2')[0]?.headers.authorization).toBe(`Bearer ${SECRET.candidToken}`);
    expect(by('/api/auth/v2/token')).toHaveLength(0);
  });

  it.each([
    ['stedi', { STEDI_API_KEY: 'k', STEDI_ENVIRONMENT: 'production' }],
    ['certifyos (token)', { CERTIFYOS_TOKEN: 't', CERTIFYOS_ORGANIZATION_ID: 'o', CERTIFYOS_ENVIRONMENT: 'staging' }],
    ['certifyos (client credentials)', { CERTIFYOS_CLIENT_ID: 'i', CERTIFYOS_CLIENT_SECRET: 's', CERTIFYOS_ORGANIZATION_ID: 'o' }],
    ['telehealth', { TELEHEALTH_BASE_URL: 'https://telehealth.example', TELEHEALTH_TOKEN: 't' }],
    ['carecycle', { CARECYCLE_API_KEY: 'cc_k' }],
    ['candid (token)', { CANDID_TOKEN: 't', CANDID_ENVIRONMENT: 'staging' }],
    ['candid (client credentials)', { CANDID_CLIENT_ID: 'i', CANDID_CLIENT_SECRET: 's' }],
  ] as [string, Env][])('%s alone gives a facade with that vendor only', (label, env) => {
    const careApis = careApisFromEnv(env);
    expect(careApis.vendors).toEqual([label.split(' ')[0]]);
  });

  it('names every variable <VENDOR>_<OPTION>', () => {
    expect(envVariable('certifyos', 'organizationId')).toBe('CERTIFYOS_ORGANIZATION_ID');
    expect(envVariable('stedi', 'apiKey')).toBe('STEDI_API_KEY');
    expect(envVariable('telehealth', 'baseUrl')).toBe('TELEHEALTH_BASE_URL');
  });

  it('reads process.env by default', () => {
    vi.stubEnv('STEDI_API_KEY', SECRET.stediKey);
    expect(careApisFromEnv().vendors).toContain('stedi');
  });
});

describe('careApisFromEnv: missing configurations', () => {
  it('an empty environment is an error naming every vendor\'s variables; with another vendor set, touching an unconfigured one names its variables', () => {
    const empty = configError(() => careApisFromEnv({}));
    expect(empty.message).toMatch(/^careApisFromEnv: no vendor is configured/);
    for (const variable of ['STEDI_API_KEY', 'CANDID_TOKEN', 'CERTIFYOS_ORGANIZATION_ID', 'TELEHEALTH_BASE_URL', 'CARECYCLE_API_KEY']) expect(empty.message).toContain(variable);
    const careApis = careApisFromEnv({ CANDID_TOKEN: SECRET.candidToken });
    expect(careApis.vendors).toEqual(['candid']);
    const expected = {
      stedi: ['STEDI_API_KEY'],
      certifyos: ['CERTIFYOS_CLIENT_ID', 'CERTIFYOS_CLIENT_SECRET', 'CERTIFYOS_ORGANIZATION_ID', 'CERTIFYOS_TOKEN'],
      telehealth: ['TELEHEALTH_BASE_URL', 'TELEHEALTH_TOKEN'],
      carecycle: ['CARECYCLE_API_KEY'],
      candid: ['CANDID_CLIENT_ID', 'CANDID_CLIENT_SECRET', 'CANDID_TOKEN'],
    } as const;
    for (const [vendor, variables] of Object.entries(expected).filter(([v]) => v !== 'candid')) {
      const error = configError(() => careApis[vendor as keyof typeof expected]);
      expect(error.message).toContain(`\`${vendor}\` is not configured`);
      for (const variable of variables) expect(error.message).toContain(variable);
    }
  });

  it('blank values count as unset', () => {
    expect(careApisFromEnv({ STEDI_API_KEY: '', CANDID_CLIENT_ID: '  ', CARECYCLE_API_KEY: 'cc_k' }).vendors).toEqual(['carecycle']);
    expect(configError(() => careApisFromEnv({ STEDI_API_KEY: '', CANDID_CLIENT_ID: '  ' })).message).toMatch(/^careApisFromEnv: no vendor is configured/);
  });

  it("careApisFromEnv's doc comment names only variables it reads, and every variable of the first five vendors", async () => {
    // Not every vendor's: a vendor is added by its spec alone (test/regen/sixth-vendor.test.ts), and the generated README table lists it.
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../packages/sdk/src/env.ts', import.meta.url), 'utf8');
    const doc = source.slice(source.lastIndexOf('/**', source.indexOf('export function careApisFromEnv')), source.indexOf('export function careApisFromEnv'));
    const { VENDOR_ENV } = await import('../../packages/sdk/src/generated/vendors.js');
    const known = new Set(Object.values(VENDOR_ENV).flatMap(({ variables }) => Object.values(variables)));
    const list = doc.split('\n').filter((line) => line.startsWith(' * - ')).join('\n');
    for (const [, name] of list.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) expect(known, `${name} in the doc comment's list`).toContain(name);
    for (const vendor of ['candid', 'carecycle', 'certifyos', 'stedi', 'telehealth'] as const) for (const name of Object.values(VENDOR_ENV[vendor].variables)) expect(doc).toContain(`\`${name}\``);
  });
});

describe('careApisFromEnv: partial configurations', () => {
  it.each([
    ['stedi without its key', { STEDI_BASE_URL: 'https://stedi.example' }, ['stedi: missing STEDI_API_KEY', 'set: STEDI_BASE_URL']],
    ['stedi with only an environment', { STEDI_ENVIRONMENT: 'production' }, ['stedi: missing STEDI_API_KEY']],
    ['certifyos id without secret', { CERTIFYOS_CLIENT_ID: ID.certifyosClient, CERTIFYOS_ORGANIZATION_ID: ID.org }, ['certifyos: missing CERTIFYOS_CLIENT_SECRET (set: CERTIFYOS_CLIENT_ID, CERTIFYOS_ORGANIZATION_ID)']],
    ['certifyos secret without id', { CERTIFYOS_CLIENT_SECRET: SECRET.certifyosSecret, CERTIFYOS_ORGANIZATION_ID: ID.org }, ['certifyos: missing CERTIFYOS_CLIENT_ID']],
    ['certifyos token without organization', { CERTIFYOS_TOKEN: SECRET.certifyosToken }, ['certifyos: missing CERTIFYOS_ORGANIZATION_ID']],
    ['certifyos credentials without organization', { CERTIFYOS_CLIENT_ID: ID.certifyosClient, CERTIFYOS_CLIENT_SECRET: SECRET.certifyosSecret }, ['certifyos: missing CERTIFYOS_ORGANIZATION_ID']],
    ['certifyos organization only', { CERTIFYOS_ORGANIZATION_ID: ID.org }, ['certifyos: missing CERTIFYOS_TOKEN, or CERTIFYOS_CLIENT_ID and CERTIFYOS_CLIENT_SECRET']],
    [
      'certifyos token and credentials',
      { CERTIFYOS_TOKEN: SECRET.certifyosToken, CERTIFYOS_CLIENT_ID: ID.certifyosClient, CERTIFYOS_CLIENT_SECRET: SECRET.certifyosSecret, CERTIFYOS_ORGANIZATION_ID: ID.org },
      ['certifyos: set CERTIFYOS_TOKEN, or CERTIFYOS_CLIENT_ID and CERTIFYOS_CLIENT_SECRET, not more than one'],
    ],
    ['telehealth token without host', { TELEHEALTH_TOKEN: SECRET.telehealthToken }, ['telehealth: missing TELEHEALTH_BASE_URL']],
    ['telehealth host without token', { TELEHEALTH_BASE_URL: 'https://telehealth.example' }, ['telehealth: missing TELEHEALTH_TOKEN']],
    ['carecycle without its key', { CARECYCLE_BASE_URL: 'https://carecycle.example' }, ['carecycle: missing CARECYCLE_API_KEY']],
    ['candid id without secret', { CANDID_CLIENT_ID: ID.candidClient }, ['candid: missing CANDID_CLIENT_SECRET (set: CANDID_CLIENT_ID)']],
    ['candid secret without id', { CANDID_CLIENT_SECRET: SECRET.candidSecret }, ['candid: missing CANDID_CLIENT_ID (set: CANDID_CLIENT_SECRET)']],
    ['candid environment only', { CANDID_ENVIRONMENT: 'staging' }, ['candid: missing CANDID_TOKEN, or CANDID_CLIENT_ID and CANDID_CLIENT_SECRET']],
    ['candid token and an id', { CANDID_TOKEN: SECRET.candidToken, CANDID_CLIENT_ID: ID.candidClient }, ['candid: set CANDID_TOKEN, or CANDID_CLIENT_ID and CANDID_CLIENT_SECRET, not more than one']],
    ['an unknown environment', { STEDI_API_KEY: SECRET.stediKey, STEDI_ENVIRONMENT: SECRET.stediKey }, ['stedi: STEDI_ENVIRONMENT must be one of "production"']],
  ] as [string, Env, string[]][])('%s is an error naming what is missing', (_label, env, expected) => {
    const error = configError(() => careApisFromEnv(env));
    for (const text of expected) expect(error.message).toContain(text);
  });

  it('lists every partly configured vendor in one error, and creates none', () => {
    const error = configError(() =>
      careApisFromEnv({
        STEDI_API_KEY: SECRET.stediKey,
        CERTIFYOS_CLIENT_ID: ID.certifyosClient,
        CERTIFYOS_ORGANIZATION_ID: ID.org,
        TELEHEALTH_TOKEN: SECRET.telehealthToken,
        CANDID_CLIENT_SECRET: SECRET.candidSecret,
      }),
    );
    const lines = error.message.split('\n').slice(1).map((l) => l.trim().split(':')[0]);
    expect(lines).toEqual(['candid', 'certifyos', 'telehealth']);
  });

  it("a value a vendor client rejects is reported with the variables it came from, without echoing it", () => {
    const badKey = 'not-prefixed-secret-value-1U5';
    ALL_VALUES.push(badKey);
    const error = configError(() => careApisFromEnv({ CARECYCLE_API_KEY: badKey }));
    expect(error.message).toMatch(/^careApisFromEnv: careCycle API: option `apiKey` does not look like/);
    expect(error.message).toContain('(carecycle is configured from CARECYCLE_API_KEY)');
    const url = configError(() => careApisFromEnv({ STEDI_API_KEY: SECRET.stediKey, STEDI_BASE_URL: 'not a url' }));
    expect(url.message).toContain('`baseUrl` must be an absolute http(s) URL');
  });
});
