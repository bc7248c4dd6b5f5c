/** @careapis/stedi against a Prism mock of specs/stedi.yaml, request validation on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareApiError, createStediClient, listAllProviders, unwrap, type StediClient } from '@careapis/stedi';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';

let mock: MockServer;
let stedi: StediClient;

beforeAll(async () => {
  mock = await startMock('stedi');
  stedi = createStediClient({ apiKey: 'test-api-key', baseUrl: mock.url, maxRetries: 0 });
});
afterAll(() => mock?.close());

const contact = { firstName: 'Test', lastName: 'Tester', email: 'bob@fortdental.center', phone: '5551234567', streetAddress1: '123 Some Str', city: 'A City', state: 'WA', zipCode: '12345' } as const;

describe('stedi contract', () => {
  it('listProviders sends repeated array keys and gets a typed page', async () => {
    const { data, error, response } = await stedi.listProviders({ params: { query: { pageSize: 10, providerNpis: ['1999999992', '1234567893'] } } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Array.isArray(data?.items)).toBe(true);
    expect(data?.items[0]?.npi).toMatch(/^\d{10}$/);
  });

  it('createProvider with the seed body', async () => {
    const data = await unwrap(stedi.createProvider({ body: { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN', contacts: [contact] } }));
    expect(data.id).toBeTruthy();
  });

  it('getProvider', async () => {
    const data = await unwrap(stedi.getProvider({ params: { path: { providerId: '10334e76-f073-4b5d-8984-81d8e5107857' } } }));
    expect(data.npi).toMatch(/^\d{10}$/);
  });

  it('updateProvider with the seed body', async () => {
    const { response } = await stedi.updateProvider({ params: { path: { providerId: '10334e76-f073-4b5d-8984-81d8e5107857' } }, body: { name: 'TEST Updated Dental Inc', contacts: [contact] } });
    expect(response.status).toBe(200);
  });

  it('deleteProvider', async () => {
    const { response, error } = await stedi.deleteProvider({ params: { path: { providerId: '10334e76-f073-4b5d-8984-81d8e5107857' } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it('listAllProviders iterates every item', async () => {
    const ids: string[] = [];
    for await (const provider of listAllProviders(stedi, { params: { query: { pageSize: 5 } } })) ids.push(provider.id);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('an invalid body is rejected by the server and surfaces as a typed error result', async () => {
    // npi too short, taxId with dashes, a contact with neither organizationName nor firstName+lastName.
    const result = await stedi.createProvider({
      body: { name: 'BDQ Dental Inc', npi: '123', taxId: '555-12-3456', taxIdType: 'EIN', contacts: [{ ...contact, firstName: undefined, lastName: undefined } as unknown as typeof contact] },
    });
    expect(result.response.status).toBe(400);
    expect(result.response.headers.get('sl-violations')).toContain('npi');
    expect(typeof result.error?.message).toBe('string');
    const thrown = await unwrap(
      stedi.createProvider({ body: { name: 'BDQ Dental Inc', npi: '123', taxId: '555123456', taxIdType: 'EIN' } }),
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ vendor: 'stedi', operationId: 'createProvider', status: 400, attempts: 1 });
    expect(String(thrown)).not.toContain('test-api-key');
  });

  it('sends the raw API key in Authorization: a request without it is refused', async () => {
    const res = await fetch(`${mock.url}/providers`);
    expect(res.status).toBe(401);
  });
});
