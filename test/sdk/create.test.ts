/** createCareApis: defaults reach every vendor client, a vendor's own options win, unconfigured vendors are clear errors. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CareApiConfigError, CareApiError, CareApiTimeoutError, Candid, createCareApis, Stedi, type CareApis, type AttemptLogger, type FetchLike } from '@careapis/sdk';
import { createStediClient, type StediClient } from '@careapis/stedi';
import { useLoopbackServer } from '../support/loopback-server.js';
import { byPath } from './answers.js';

const server = useLoopbackServer({ respond: byPath });

const customer = '497f6eca-6276-4993-bfeb-53cbbbba6f08';
const provider = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** One real call per vendor; each resolves to the HTTP status of a success (or rejects with the client's error). */
const oneCallEach: { [V in keyof CareApis as V extends 'vendors' ? never : V]: (api: CareApis[V]) => Promise<number> } = {
  stedi: async (stedi) => (await stedi.getProvider({ providerId: provider }).withResponse()).response.status,
  certifyos: async (certifyos) => (await certifyos.listProviders().withResponse()).response.status,
  telehealth: async (telehealth) => (await telehealth.getProviderAppointmentSlots({ body: { provider_email: 'dr@example.com', service_id: 1, date: '2026-01-05' } }).withResponse()).response.status,
  carecycle: async (carecycle) => (await carecycle.deleteCustomerProvider({ id: customer, providerId: provider }).withResponse()).response.status,
  candid: async (candid) => (await candid.listContracts().withResponse()).response.status,
};

/** A fetch that counts the calls it passes on to the real fetch, by URL. */
function countingFetch(): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  return { urls, fetch: (input, init) => (urls.push(input), globalThis.fetch(input, init)) };
}

function allVendors(baseUrl: string) {
  return {
    stedi: { apiKey: 'stedi-key', baseUrl },
    certifyos: { clientId: 'cid', clientSecret: 'csecret', organizationId: 'org-1', baseUrl },
    telehealth: { token: 'tele-token', baseUrl },
    carecycle: { apiKey: 'cc_key', baseUrl },
    candid: { clientId: 'cid', clientSecret: 'csecret', baseUrl },
  } as const;
}

describe('createCareApis defaults', () => {
  it('apply fetch, user agent, headers and logger to every vendor; a vendor override wins', async () => {
    const shared = countingFetch();
    const own = countingFetch();
    const logged: string[] = [];
    const logger: AttemptLogger = ({ record }) => void logged.push(record.vendor.name);
    const vendors = allVendors(server.url);
    const careApis = createCareApis({
      ...vendors,
      carecycle: { ...vendors.carecycle, fetch: own.fetch, userAgent: 'carecycle-job/2.0', headers: { 'x-job': 'nightly' } },
      defaults: { fetch: shared.fetch, userAgent: 'ops-service/1.0', headers: { 'x-trace-id': 'trace-1' }, logger },
    });
    expect(careApis.vendors).toEqual(['candid', 'carecycle', 'certifyos', 'stedi', 'telehealth']);

    expect(await oneCallEach.stedi(careApis.stedi)).toBe(200);
    expect(await oneCallEach.certifyos(careApis.certifyos)).toBe(200);
    expect(await oneCallEach.telehealth(careApis.telehealth)).toBe(200);
    expect(await oneCallEach.carecycle(careApis.carecycle)).toBe(200);
    expect(await oneCallEach.candid(careApis.candid)).toBe(200);

    // Two token mints (certifyos, candid) plus five calls went out; carecycle's through its own fetch only.
    expect(server.requests).toHaveLength(7);
    expect(own.urls).toEqual([`${server.url}/v2/customers/${customer}/providers/${provider}`]);
    expect(shared.urls).toHaveLength(6);
    expect(shared.urls.some((u) => u.includes('/v2/customers/'))).toBe(false);
    for (const request of server.requests) {
      const carecycle = request.path.startsWith('/v2/customers/');
      expect(request.headers['user-agent']).toMatch(carecycle ? / carecycle-job\/2\.0$/ : / ops-service\/1\.0$/);
      if (request.path.includes('token') || request.path.startsWith('/auth-tokens/')) continue;
      expect(request.headers['x-trace-id'], request.path).toBe('trace-1');
      if (carecycle) expect(request.headers['x-job']).toBe('nightly');
    }
    expect(new Set(logged)).toEqual(new Set(['stedi', 'certifyos', 'telehealth', 'carecycle', 'candid']));
  });

  it('timeout: the default applies, a per-vendor timeout overrides it', async () => {
    const baseUrl = `${server.url}/hang`;
    const careApis = createCareApis({
      stedi: { apiKey: 'stedi-key', baseUrl, timeout: 250 },
      carecycle: { apiKey: 'cc_key', baseUrl },
      defaults: { timeout: 400, maxRetries: 0 },
    });
    // The error names the timeout in force, so nothing here depends on how long the wait took.
    const stedi = await oneCallEach.stedi(careApis.stedi).catch((e: unknown) => e);
    expect(stedi).toBeInstanceOf(CareApiTimeoutError);
    expect(String(stedi)).toContain('no complete response within 250 ms');
    const carecycle = await oneCallEach.carecycle(careApis.carecycle).catch((e: unknown) => e);
    expect(carecycle).toBeInstanceOf(CareApiTimeoutError);
    expect(String(carecycle)).toContain('no complete response within 400 ms');
  });

  it('retries: the default count applies; a vendor maxRetries or retry.maxRetries overrides it, other retry settings merge', async () => {
    const baseUrl = `${server.url}/unavailable`;
    const careApis = createCareApis({
      stedi: { apiKey: 'stedi-key', baseUrl, maxRetries: 0 },
      carecycle: { apiKey: 'cc_key', baseUrl },
      telehealth: { token: 'tele-token', baseUrl, retry: { maxRetries: 1 } },
      defaults: { maxRetries: 3, retry: { initialDelayMs: 1, maxDelayMs: 5 } },
    });
    /** The requests one call made; it must reject with the 503 as a CareApiError that counted them too. */
    const attempts = async (call: () => Promise<number>): Promise<number> => {
      const before = server.requests.length;
      const error = await call().then(
        (status) => expect.fail(`expected the call to reject with the 503, it resolved with ${status}`),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CareApiError);
      expect(error).toMatchObject({ status: 503, kind: 'server' });
      const made = server.requests.length - before;
      expect((error as CareApiError).attempts).toBe(made);
      return made;
    };
    expect(await attempts(() => oneCallEach.stedi(careApis.stedi))).toBe(1);
    expect(await attempts(() => oneCallEach.carecycle(careApis.carecycle))).toBe(4);
    expect(await attempts(() => oneCallEach.telehealth(careApis.telehealth))).toBe(2);
  });
});

describe('createCareApis configuration', () => {
  it('creates only configured vendors; touching another names the option and the variables to set', () => {
    const careApis = createCareApis({ stedi: { apiKey: 'stedi-key', baseUrl: server.url } });
    expect(careApis.vendors).toEqual(['stedi']);
    expect(Object.keys(careApis)).toEqual(['stedi']);
    expect(careApis.stedi.getProvider).toBeTypeOf('function');
    const error = (() => {
      try {
        return careApis.candid;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect(String(error)).toContain('`candid` is not configured');
    expect(String(error)).toContain('candid: { clientId, clientSecret }');
    expect(String(error)).toContain('CANDID_CLIENT_ID');
    expect(() => careApis.telehealth).toThrow(/telehealth: \{ baseUrl, token \}.*TELEHEALTH_BASE_URL/);
  });

  it('rejects an unknown option by name', () => {
    expect(() => createCareApis({ stedii: { apiKey: 'k' } } as never)).toThrow(/unknown option `stedii`/);
  });

  it("passes a vendor's own validation errors through at creation, without the value", () => {
    const key = 'not-a-carecycle-key-5f3a';
    const error = (() => {
      try {
        return createCareApis({ stedi: { apiKey: 'stedi-key' }, carecycle: { apiKey: key } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect(String(error)).toContain('cc_');
    expect(String(error)).not.toContain(key);
  });

  it('re-exports each vendor package under a namespace, types and values', () => {
    expectTypeOf<Stedi.StediClient>().toEqualTypeOf<StediClient>();
    expectTypeOf<Stedi.Schemas['Provider']>().toHaveProperty('npi');
    expectTypeOf<Candid.Schemas['ContractCreate']>().toHaveProperty('payer_uuid');
    expect(Stedi.createStediClient).toBe(createStediClient);
    expect(Candid.environments.staging).toMatch(/^https:\/\//);
  });
});
