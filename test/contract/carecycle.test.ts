/**
 * @careapis/carecycle against a Prism mock of specs/carecycle.yaml (request validation on), and
 * the 429 `retryAfter` body hint against a loopback node:http server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareApiConfigError, CareApiError, createCarecycleClient, unwrap, type CarecycleClient } from '@careapis/carecycle';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';

const API_KEY = 'cc_test_4f1d2c3b';
const CUSTOMER_ID = '497f6eca-6276-4993-bfeb-53cbbbba6f08';
const PROVIDER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const path = { id: CUSTOMER_ID, providerId: PROVIDER_ID };

describe('carecycle contract (Prism)', () => {
  let mock: MockServer;
  let carecycle: CarecycleClient;

  beforeAll(async () => {
    mock = await startMock('carecycle');
    carecycle = createCarecycleClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 });
  });
  afterAll(() => mock?.close());

  it('createCustomerProvider with the seed body returns a typed provider (201)', async () => {
    const { data, error, response } = await carecycle.createCustomerProvider({ params: { path: { id: CUSTOMER_ID } }, body: { providerType: 'Primary Care' } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(201);
    expect(data?.providerType).toBe('Primary Care');
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('createCustomerProvider with all sixteen fields at their maximum lengths', async () => {
    const data = await unwrap(
      carecycle.createCustomerProvider({
        params: { path: { id: CUSTOMER_ID } },
        body: {
          providerType: 'Specialist',
          specialty: 's'.repeat(255),
          providerName: 'n'.repeat(255),
          practiceName: 'p'.repeat(255),
          npi: '1'.repeat(50),
          phone: '5'.repeat(50),
          fax: '6'.repeat(50),
          email: 'e'.repeat(255),
          address: 'a'.repeat(255),
          address2: 'b'.repeat(255),
          city: 'c'.repeat(100),
          state: 'S'.repeat(50),
          postalCode: '9'.repeat(20),
          isPrimaryProvider: null,
          isActive: true,
          notes: 'x'.repeat(1000),
        },
      }),
    );
    expect(data.customerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('updateCustomerProvider sets and clears fields (200)', async () => {
    const { data, error, response } = await carecycle.updateCustomerProvider({ params: { path }, body: { isActive: false, fax: null, customerId: CUSTOMER_ID } });
    expect(error, mock.output()).toBeUndefined();
    expect(response.status).toBe(200);
    expect(typeof data?.updatedAt).toBe('string');
  });

  it('deleteCustomerProvider answers success and a message (200)', async () => {
    const data = await unwrap(carecycle.deleteCustomerProvider({ params: { path } }));
    expect(data.success).toBe(true);
    expect(typeof data.message).toBe('string');
  });

  it('a field over its maximum length is rejected with a typed VALIDATION_ERROR result', async () => {
    const { data, error, response } = await carecycle.createCustomerProvider({ params: { path: { id: CUSTOMER_ID } }, body: { providerType: 'Hospital', notes: 'x'.repeat(1001) } });
    expect(data).toBeUndefined();
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('sl-violations')).toContain('notes');
    expect(error?.code).toBe('VALIDATION_ERROR');
    expect(error && 'errors' in error && Array.isArray(error.errors)).toBe(true);
  });

  it('a customer id that is not a UUID is rejected with a typed error result', async () => {
    const result = carecycle.updateCustomerProvider({ params: { path: { id: 'cust-42', providerId: PROVIDER_ID } }, body: { isActive: true } });
    const thrown = await unwrap(result).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ vendor: 'carecycle', operationId: 'updateCustomerProvider', attempts: 1, body: { code: 'VALIDATION_ERROR' } });
    expect([400, 422]).toContain((thrown as CareApiError).status);
    expect((await result).response.headers.get('sl-violations')).toContain('path');
    expect(String(thrown)).not.toContain(API_KEY);
  });

  it('a provider id that is not a UUID is rejected too', async () => {
    const { error, response } = await carecycle.deleteCustomerProvider({ params: { path: { id: CUSTOMER_ID, providerId: '12345' } } });
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('sl-violations')).toContain('providerid');
    expect(error?.code).toBe('VALIDATION_ERROR');
  });

  it('an unknown providerType and a null providerType are rejected', async () => {
    const unknown = await carecycle.createCustomerProvider({
      params: { path: { id: CUSTOMER_ID } },
      // @ts-expect-error not one of the four provider types
      body: { providerType: 'Dentist' },
    });
    expect(unknown.response.headers.get('sl-violations')).toContain('providerType');
    // @ts-expect-error providerType may not be null
    const nulled = await carecycle.updateCustomerProvider({ params: { path }, body: { providerType: null } });
    expect(nulled.error?.code).toBe('VALIDATION_ERROR');
  });

  it('sends the key in x-api-key: a request without it is refused', async () => {
    const res = await fetch(`${mock.url}/v2/customers/${CUSTOMER_ID}/providers/${PROVIDER_ID}`, { method: 'DELETE' });
    await res.body?.cancel();
    expect(res.status).toBe(401);
  });
});

describe('carecycle API key check', () => {
  it('rejects a key without the cc_ prefix at creation, saying what a careCycle key looks like, without echoing it', () => {
    const stediKey = 'test_sk_live_9b8a7c6d5e4f3a2b1c0d';
    let thrown: unknown;
    try {
      createCarecycleClient({ apiKey: stediKey });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CareApiConfigError);
    const error = thrown as CareApiConfigError;
    expect(error.message).toContain('cc_');
    expect(error.message).toContain('apiKey');
    for (const text of [String(error), error.message, error.stack ?? '', JSON.stringify(error)]) expect(text).not.toContain(stediKey);
  });

  it('rejects a missing or empty key', () => {
    expect(() => createCarecycleClient({ apiKey: '' })).toThrow(CareApiConfigError);
    // @ts-expect-error apiKey is required
    expect(() => createCarecycleClient({})).toThrow(/apiKey/);
  });
});

describe('carecycle 429 retryAfter (loopback server)', () => {
  const server = useLoopbackServer();
  const ONE = `/v2/customers/${CUSTOMER_ID}/providers/${PROVIDER_ID}`;
  const CREATE = `POST /v2/customers/${CUSTOMER_ID}/providers`;

  const rateLimited = (retryAfter: number) => reply(429, { message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter });
  const provider = {
    id: PROVIDER_ID,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-02T00:00:00Z',
    customerId: CUSTOMER_ID,
    providerType: 'Pharmacy',
    ...Object.fromEntries(['specialty', 'providerName', 'practiceName', 'npi', 'phone', 'fax', 'email', 'address', 'address2', 'city', 'state', 'postalCode', 'isPrimaryProvider', 'isActive', 'notes'].map((k) => [k, null])),
  };
  const client = (): CarecycleClient => createCarecycleClient({ apiKey: API_KEY, baseUrl: server.url });

  it('retries an idempotent PATCH after the body\'s retryAfter seconds, resending the same body', async () => {
    server.script(`PATCH ${ONE}`, rateLimited(1), reply(200, { ...provider, isActive: false }));
    const data = await unwrap(client().updateCustomerProvider({ params: { path }, body: { isActive: false, notes: 'moved' } }));
    expect(data.isActive).toBe(false);
    expect(server.requests.map((s) => s.method)).toEqual(['PATCH', 'PATCH']);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ isActive: false, notes: 'moved' });
    expect(server.requests.every((s) => s.headers['x-api-key'] === API_KEY)).toBe(true);
    // The wait comes from retryAfter (1 s), not the backoff (at most 500 ms before the first retry).
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('retries a DELETE after retryAfter', async () => {
    server.script(`DELETE ${ONE}`, rateLimited(1), reply(200, { success: true, message: 'Provider deleted successfully' }));
    const data = await unwrap(client().deleteCustomerProvider({ params: { path } }));
    expect(data.success).toBe(true);
    expect(server.requests.map((s) => s.method)).toEqual(['DELETE', 'DELETE']);
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('never retries a POST create, even with retryAfter 0', async () => {
    server.script(CREATE, rateLimited(0));
    const { data, error, response } = await client().createCustomerProvider({ params: { path: { id: CUSTOMER_ID } }, body: { providerType: 'Pharmacy' } });
    expect(server.requests).toHaveLength(1);
    expect(data).toBeUndefined();
    expect(response.status).toBe(429);
    expect(error && 'retryAfter' in error ? error.retryAfter : undefined).toBe(0);
    const thrown = await unwrap(client().createCustomerProvider({ params: { path: { id: CUSTOMER_ID } }, body: { providerType: 'Pharmacy' } })).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ status: 429, attempts: 1, operationId: 'createCustomerProvider', body: { code: 'RATE_LIMIT_EXCEEDED' } });
    expect(server.requests).toHaveLength(2);
  });

  it('a retryAfter above the runtime cap (60 s) is not waited for: the 429 comes back at once', async () => {
    server.script(`PATCH ${ONE}`, rateLimited(120));
    const { error, response } = await client().updateCustomerProvider({ params: { path }, body: { isActive: true } });
    expect(server.requests).toHaveLength(1);
    expect(response.status).toBe(429);
    expect(error).toEqual({ message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 120 });
  });

  it('a lower cap set by the caller applies too', async () => {
    server.script(`DELETE ${ONE}`, rateLimited(1));
    const thrown = await unwrap(createCarecycleClient({ apiKey: API_KEY, baseUrl: server.url, retry: { maxRetryAfterMs: 500 } }).deleteCustomerProvider({ params: { path } })).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(thrown).toMatchObject({ status: 429, attempts: 1, body: { retryAfter: 1 } });
  });

  it('stops after maxRetries and returns the last 429', async () => {
    server.script(`DELETE ${ONE}`, rateLimited(0));
    const thrown = await unwrap(client().deleteCustomerProvider({ params: { path } })).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(3);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ status: 429, attempts: 3, body: { code: 'RATE_LIMIT_EXCEEDED' } });
    expect(JSON.stringify(thrown)).not.toContain(API_KEY);
  });
});
