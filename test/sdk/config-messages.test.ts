/**
 * What a newcomer sees when the configuration is wrong (issue 24): each message, as printed, names
 * the option and the environment variable to set, suggests a near-miss variable, and never shows
 * a value. The token endpoint's own message and request id reach `CareApiAuthError`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCandidClient, vendor as candidVendor } from '@careapis/candid';
import { CareApiAuthError, CareApiConfigError, CareApiError, clientCredentialsAuth, createRuntime, isCareApiBaseError, isCareApiError } from '@careapis/core';
import { careApisFromEnv, createCareApis, rawClient } from '@careapis/sdk';
import { createStediClient } from '@careapis/stedi';
import { reply, useLoopbackServer } from '../support/loopback-server.js';

const server = useLoopbackServer();
const SECRET = 'secret-value-never-shown-4Q7';

/** The message of the CareApiConfigError `run` throws; fails when it shows the secret. */
function message(run: () => unknown): string {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CareApiConfigError);
  const text = `${(thrown as Error).message} ${(thrown as Error).stack ?? ''} ${JSON.stringify(thrown)}`;
  expect(text).not.toContain(SECRET);
  return (thrown as Error).message;
}

describe('a missing credential names the option and the variable careApisFromEnv reads', () => {
  it.each([
    [{ stedi: {} }, 'Stedi Enrollment API: option `apiKey` is required (sent in the `authorization` header) (or set STEDI_API_KEY for careApisFromEnv)'],
    [{ candid: { clientId: 'id-1' } }, 'Candid Health API — provider onboarding and contracts: options `clientId` and `clientSecret` are both required (or pass `token`) (or set CANDID_CLIENT_ID and CANDID_CLIENT_SECRET for careApisFromEnv)'],
    [{ telehealth: { token: SECRET } }, 'Telehealth Public APIs: option `baseUrl` is required: the API has no public host (the spec\'s server is https://{host}) (or set TELEHEALTH_BASE_URL for careApisFromEnv)'],
    [{ certifyos: { token: SECRET } }, 'CertifyOS API: option `organizationId` is required (the `organization-id` header) (or set CERTIFYOS_ORGANIZATION_ID for careApisFromEnv)'],
  ] as const)('%j', (options, expected) => {
    expect(message(() => createCareApis(options as never))).toBe(expected);
  });
});

describe('an API key sent raw in Authorization is refused with a scheme prefix', () => {
  it.each(['Bearer', 'Key', 'bearer', 'Basic'])('"%s <key>"', (scheme) => {
    expect(message(() => createStediClient({ apiKey: `${scheme} ${SECRET}` }))).toBe('Stedi Enrollment API: option `apiKey` takes the key alone, without "Bearer " or "Key "');
  });

  it('the key alone is accepted and sent as the whole header', async () => {
    server.script('GET /providers/p1', reply(200, { id: 'p1' }));
    const stedi = createStediClient({ apiKey: SECRET, baseUrl: server.url });
    await rawClient(stedi).GET('/providers/{providerId}', { params: { path: { providerId: 'p1' } } });
    expect(server.on('GET /providers/p1')[0]?.headers.authorization).toBe(SECRET);
  });
});

describe('a token and client credentials together are refused at creation', () => {
  it.each([
    { token: SECRET, clientId: 'id-1', clientSecret: SECRET },
    { token: SECRET, clientSecret: SECRET },
  ])('%#', (options) => {
    expect(message(() => createCandidClient(options as never))).toBe('Candid Health API — provider onboarding and contracts: pass `token` or `clientId` and `clientSecret`, not both');
  });
});

describe('careApisFromEnv: no variable, and near-miss names', () => {
  it('an environment with no vendor is an error naming every way to configure one', () => {
    // One line per vendor (a vendor added by its spec gets its own line, hence the containment checks).
    const lines = message(() => careApisFromEnv({ PATH: '/usr/bin' })).split('\n');
    expect(lines[0]).toBe('careApisFromEnv: no vendor is configured: set the variables of at least one vendor:');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  candid: CANDID_TOKEN, or CANDID_CLIENT_ID and CANDID_CLIENT_SECRET',
        '  carecycle: CARECYCLE_API_KEY',
        '  certifyos: CERTIFYOS_TOKEN, or CERTIFYOS_CLIENT_ID and CERTIFYOS_CLIENT_SECRET; and CERTIFYOS_ORGANIZATION_ID',
        '  stedi: STEDI_API_KEY',
        '  telehealth: TELEHEALTH_TOKEN; and TELEHEALTH_BASE_URL',
      ]),
    );
  });

  it('STEDI_APIKEY alone: the error suggests STEDI_API_KEY', () => {
    const text = message(() => careApisFromEnv({ STEDI_APIKEY: SECRET }));
    expect(text).toMatch(/^careApisFromEnv: no vendor is configured/);
    expect(text.split('\n').at(-1)).toBe('  STEDI_APIKEY is set: did you mean STEDI_API_KEY?');
  });

  it.each([
    ['stedi_api_key', 'STEDI_API_KEY'],
    ['STEDI_API_KY', 'STEDI_API_KEY'],
    ['CANDID_CLIENTID', 'CANDID_CLIENT_ID'],
    ['CERTIFYOS_ORG_ID', undefined],
    ['STEDIKEY_ROTATION_DAYS', undefined],
  ])('%s → %s', (name, suggested) => {
    const text = message(() => careApisFromEnv({ [name]: SECRET }));
    if (suggested) expect(text).toContain(`${name} is set: did you mean ${suggested}?`);
    else expect(text).not.toContain('did you mean');
  });

  it('another vendor configured: the facade is made, and reading stedi names the near miss', () => {
    const careApis = careApisFromEnv({ CANDID_TOKEN: SECRET, STEDI_APIKEY: SECRET });
    expect(careApis.vendors).toEqual(['candid']);
    expect(message(() => careApis.stedi)).toBe(
      'careapis: `stedi` is not configured: pass `stedi: { apiKey }` to createCareApis, or set STEDI_API_KEY for careApisFromEnv (STEDI_APIKEY is set: did you mean STEDI_API_KEY?)',
    );
  });

  it('an incomplete vendor lists the near misses under the problems', () => {
    const text = message(() => careApisFromEnv({ CANDID_CLIENT_ID: 'id-1', CANDID_CLIENT_SECRE: SECRET }));
    expect(text).toBe(
      [
        'careApisFromEnv: incomplete configuration (values are never shown):',
        '  candid: missing CANDID_CLIENT_SECRET (set: CANDID_CLIENT_ID)',
        '  CANDID_CLIENT_SECRE is set: did you mean CANDID_CLIENT_SECRET?',
      ].join('\n'),
    );
  });
});

describe("CareApiAuthError carries the token endpoint's message and request id", () => {
  it("Candid: the vendor's message from the error body, the secret sent scrubbed from it", async () => {
    server.script('POST /api/auth/v2/token', reply(401, { errorName: 'HttpRequestValidationError', content: { message: `client secret ${SECRET} is not valid` } }));
    const candid = createCandidClient({ clientId: 'id-1', clientSecret: SECRET, baseUrl: server.url, maxRetries: 0 });
    const error = await rawClient(candid).GET('/api/contracts/v2', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CareApiAuthError);
    const auth = error as CareApiAuthError;
    expect(auth.message).toBe(
      'Candid Health API — provider onboarding and contracts: the token endpoint /api/auth/v2/token answered HTTP 401 (HttpRequestValidationError - client secret [redacted] is not valid): check clientId and clientSecret',
    );
    expect(auth.status).toBe(401);
    expect(auth.vendorMessage).toBe('HttpRequestValidationError - client secret [redacted] is not valid');
    expect(auth.requestId).toBeUndefined();
  });

  it('a vendor whose spec names a request-id header: the id is in the error and its message', async () => {
    server.script('POST /api/auth/v2/token', reply(403, { errorName: 'Forbidden' }, { 'x-request-id': 'req-42' }));
    const runtime = createRuntime(
      { ...candidVendor, requestIdHeaders: ['x-request-id'] },
      { clientId: 'id-1', clientSecret: SECRET, baseUrl: server.url, maxRetries: 0 },
      '0.0.0',
      { listContracts: { id: 'listContracts', method: 'GET', path: '/api/contracts/v2' } },
      { auth: clientCredentialsAuth },
    );
    const error = (await runtime.methods.listContracts!({}).catch((e: unknown) => e)) as CareApiAuthError;
    expect(error).toBeInstanceOf(CareApiAuthError);
    expect([error.vendorMessage, error.requestId]).toEqual(['Forbidden', 'req-42']);
    expect(error.message).toMatch(/answered HTTP 403 \(Forbidden\): check clientId and clientSecret \(request id req-42\)$/);
  });
});

describe('isCareApiError across the ESM and CommonJS copies of @careapis/core', () => {
  it('an error of the CommonJS build is recognised by the ESM build, and the other way round', () => {
    const cjs = createRequire(import.meta.url)(join(import.meta.dirname, '../../packages/core/dist/index.cjs')) as typeof import('@careapis/core');
    expect(cjs.CareApiError).not.toBe(CareApiError);
    const fromCjs = new cjs.CareApiError({ vendor: 'stedi', operationId: 'getProvider', status: 404, body: {}, attempts: 1 });
    expect(fromCjs instanceof CareApiError, 'instanceof fails across copies: the hazard').toBe(false);
    expect(isCareApiError(fromCjs)).toBe(true);
    expect(isCareApiError(fromCjs, 'getProvider')).toBe(true);
    expect(isCareApiError(fromCjs, 'listProviders')).toBe(false);
    expect(isCareApiBaseError(new cjs.CareApiConfigError('x'))).toBe(true);
    expect(isCareApiError(new cjs.CareApiConfigError('x'))).toBe(false);
    const fromEsm = new CareApiError({ vendor: 'stedi', operationId: 'getProvider', status: 500, body: {}, attempts: 1 });
    expect(cjs.isCareApiError(fromEsm)).toBe(true);
    expect([isCareApiBaseError(new Error('x')), isCareApiBaseError(null), isCareApiBaseError('CareApiError')]).toEqual([false, false, false]);
    const lookalike = Object.assign(new Error('x'), { name: 'CareApiError' });
    expect(isCareApiError(lookalike)).toBe(false);
  });
});
