/**
 * @careapis/carecycle against a Prism mock of specs/carecycle.yaml (request validation on), and
 * the 429 `retryAfter` body hint against a loopback node:http server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTypeOf } from 'vitest';
import {
  CareApiConfigError,
  CareApiError,
  createCarecycleBase,
  createCarecycleClient,
  deleteCustomerProvider,
  rawClient,
  unwrap,
  type CarecycleClient,
  type CreateCustomerProviderError,
  type CreateCustomerProviderRequest,
  type DeleteCustomerProviderError,
  type Error as CarecycleError,
  type RateLimitError,
  type UpdateCustomerProviderError,
  type ValidationError,
} from '@careapis/carecycle';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { reply, useLoopbackServer } from '../support/loopback-server.js';
import { rejection, violatedAt } from './rejection.js';

const API_KEY = 'cc_test_4f1d2c3b';
const CUSTOMER_ID = '497f6eca-6276-4993-bfeb-53cbbbba6f08';
const PROVIDER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const ids = { id: CUSTOMER_ID, providerId: PROVIDER_ID };

describe('carecycle contract (Prism)', () => {
  let mock: MockServer;
  let carecycle: CarecycleClient;

  beforeAll(async () => {
    mock = await startMock('carecycle');
    carecycle = createCarecycleClient({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 });
  });
  afterAll(() => mock?.close());

  it('createCustomerProvider with the seed body returns a typed provider (201)', async () => {
    const { data, response } = await carecycle.createCustomerProvider({ id: CUSTOMER_ID, body: { providerType: 'Primary Care' } }).withResponse();
    expect(response.status).toBe(201);
    expect(data.providerType).toBe('Primary Care');
    expect(data.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('createCustomerProvider with all sixteen fields at their maximum lengths', async () => {
    const data = await carecycle.createCustomerProvider({
        id: CUSTOMER_ID,
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
      });
    expect(data.customerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('updateCustomerProvider sets and clears fields (200)', async () => {
    const { data, response } = await carecycle.updateCustomerProvider({ ...ids, body: { isActive: false, fax: null, customerId: CUSTOMER_ID } }).withResponse();
    expect(response.status).toBe(200);
    expect(typeof data.updatedAt).toBe('string');
  });

  it('deleteCustomerProvider answers success and a message (200)', async () => {
    const data = await carecycle.deleteCustomerProvider(ids);
    expect(data.success).toBe(true);
    expect(typeof data.message).toBe('string');
  });

  it('a field over its maximum length is rejected with a typed VALIDATION_ERROR', async () => {
    const error = await rejection<CreateCustomerProviderError>(carecycle.createCustomerProvider({ id: CUSTOMER_ID, body: { providerType: 'Hospital', notes: 'x'.repeat(1001) } }));
    expect([400, 422]).toContain(error.status);
    expect(error.headers['sl-violations']).toContain('notes');
    expect(error.body?.code).toBe('VALIDATION_ERROR');
    expect(error.body && 'errors' in error.body && Array.isArray(error.body.errors)).toBe(true);
  });

  it('the raw client still gives the VALIDATION_ERROR as a { data, error, response } result', async () => {
    const { data, error, response } = await rawClient(carecycle).POST('/v2/customers/{id}/providers', { params: { path: { id: CUSTOMER_ID } }, body: { providerType: 'Hospital', notes: 'x'.repeat(1001) } });
    expect(data).toBeUndefined();
    expect([400, 422]).toContain(response.status);
    expect(response.headers.get('sl-violations')).toContain('notes');
    expect(error?.code).toBe('VALIDATION_ERROR');
    const thrown = await unwrap(rawClient(carecycle).POST('/v2/customers/{id}/providers', { params: { path: { id: CUSTOMER_ID } }, body: { providerType: 'Hospital', notes: 'x'.repeat(1001) } })).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ vendor: 'carecycle', operationId: 'createCustomerProvider', body: { code: 'VALIDATION_ERROR' } });
  });

  it('a customer id that is not a UUID is rejected with a typed error', async () => {
    const thrown = await rejection<UpdateCustomerProviderError>(carecycle.updateCustomerProvider({ id: 'cust-42', providerId: PROVIDER_ID, body: { isActive: true } }));
    expect(thrown).toMatchObject({ vendor: 'carecycle', operationId: 'updateCustomerProvider', attempts: 1, body: { code: 'VALIDATION_ERROR' } });
    expect([400, 422]).toContain(thrown.status);
    expect(thrown.headers['sl-violations']).toContain('path');
    expect(`${String(thrown)} ${JSON.stringify(thrown)}`).not.toContain(API_KEY);
  });

  it('a provider id that is not a UUID is rejected too', async () => {
    const error = await rejection<DeleteCustomerProviderError>(carecycle.deleteCustomerProvider({ id: CUSTOMER_ID, providerId: '12345' }));
    expect([400, 422]).toContain(error.status);
    expect(error.headers['sl-violations']).toContain('providerid');
    expect(error.body?.code).toBe('VALIDATION_ERROR');
  });

  it('an unknown providerType and a null providerType are rejected', async () => {
    const unknown = await rejection(
      carecycle.createCustomerProvider({
        id: CUSTOMER_ID,
        // @ts-expect-error not one of the four provider types
        body: { providerType: 'Dentist' },
      }),
    );
    expect(unknown.headers['sl-violations']).toContain('providerType');
    // @ts-expect-error providerType may not be null
    const nulled = await rejection<UpdateCustomerProviderError>(carecycle.updateCustomerProvider({ ...ids, body: { providerType: null } }));
    expect(nulled.body?.code).toBe('VALIDATION_ERROR');
  });

  it('sends the key in x-api-key: the mock refuses the same request without it, and takes the client\'s', async () => {
    const res = await fetch(`${mock.url}/v2/customers/${CUSTOMER_ID}/providers/${PROVIDER_ID}`, { method: 'DELETE' });
    await res.body?.cancel();
    expect(res.status).toBe(401);
    const { response } = await carecycle.deleteCustomerProvider({ id: CUSTOMER_ID, providerId: PROVIDER_ID }).withResponse();
    expect(response.status).toBeLessThan(300);
  });

  describe('flat arguments, each in its place (Prism validates the request)', () => {
    it('path: id and providerId fill their own segments, in the template\'s order', async () => {
      // Given in the other order than the path has them: each still lands in its own segment.
      const { data, response } = await carecycle.deleteCustomerProvider({ providerId: PROVIDER_ID, id: CUSTOMER_ID }).withResponse();
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${mock.url}/v2/customers/${CUSTOMER_ID}/providers/${PROVIDER_ID}`);
      expect(data.success).toBe(true);
      // Swapped values break neither pattern, so Prism accepts them: the URL shows which segment each went to.
      const swapped = await carecycle.deleteCustomerProvider({ id: PROVIDER_ID, providerId: CUSTOMER_ID }).withResponse();
      expect(swapped.response.url).toBe(`${mock.url}/v2/customers/${PROVIDER_ID}/providers/${CUSTOMER_ID}`);
      // A value that breaks the providerId pattern is refused as that path parameter (Prism lower-cases the name).
      const error = await rejection(carecycle.deleteCustomerProvider({ id: CUSTOMER_ID, providerId: 'not-a-uuid' }));
      expect(violatedAt(error)).toEqual(['path.providerid']);
    });

    it('body: the request body goes under `body`, next to the path parameters, where Prism checks it', async () => {
      const body = { providerType: 'Specialist', specialty: 'Cardiology', isActive: true } satisfies CreateCustomerProviderRequest;
      const { data, response } = await carecycle.createCustomerProvider({ id: CUSTOMER_ID, body }).withResponse();
      expect(response.status).toBe(201);
      expect(response.url).toBe(`${mock.url}/v2/customers/${CUSTOMER_ID}/providers`);
      expect(typeof data.providerType).toBe('string');
      const error = await rejection(carecycle.createCustomerProvider({ id: CUSTOMER_ID, body: { ...body, specialty: 's'.repeat(256) } }));
      expect(violatedAt(error)).toEqual(['body.specialty']);
      // A body without its one required field is refused as a body.
      const empty = await rejection(carecycle.createCustomerProvider({ id: CUSTOMER_ID, body: {} as CreateCustomerProviderRequest }));
      expect(violatedAt(empty)).toEqual(['body']);
      expect(empty.headers['sl-violations']).toContain('providerType');
    });

    it('the single-operation function takes the same arguments', async () => {
      const base = createCarecycleBase({ apiKey: API_KEY, baseUrl: mock.url, maxRetries: 0 });
      const { data, response } = await deleteCustomerProvider(base, ids).withResponse();
      expect(response.url).toBe(`${mock.url}/v2/customers/${CUSTOMER_ID}/providers/${PROVIDER_ID}`);
      expect(data.success).toBe(true);
    });
  });

  describe('HTTP errors', () => {
    it('a 404 rejects with a CareApiError carrying status, kind, the vendor message and the typed body', async () => {
      const error = await rejection<DeleteCustomerProviderError>(carecycle.deleteCustomerProvider(ids, { headers: { Prefer: 'code=404' } }));
      expect(error).toMatchObject({ name: 'CareApiError', vendor: 'carecycle', operationId: 'deleteCustomerProvider', status: 404, kind: 'notFound', attempts: 1 });
      if (error.status !== 404) throw new Error('narrowed above');
      expectTypeOf(error.body).toEqualTypeOf<CarecycleError>();
      expect(typeof error.body.message).toBe('string');
      expect(typeof error.body.code).toBe('string');
      expect(error.vendorMessage).toBe(error.body.message);
      expect(error.message).toContain('carecycle.deleteCustomerProvider failed with HTTP 404');
      expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(API_KEY);
    });

    it('a 422 narrows to the ValidationError body', async () => {
      const error = await rejection<UpdateCustomerProviderError>(carecycle.updateCustomerProvider({ ...ids, body: { notes: 'x'.repeat(1001) } }));
      expect(error.status).toBe(422);
      expect(error.kind).toBe('unprocessable');
      if (error.status !== 422) throw new Error('narrowed above');
      expectTypeOf(error.body).toEqualTypeOf<ValidationError>();
      expect(error.body.code).toBe('VALIDATION_ERROR');
      expect(error.body.errors.length).toBeGreaterThan(0);
      expect(error.vendorMessage).toBe(error.body.message);
    });
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
    const data = await client().updateCustomerProvider({ ...ids, body: { isActive: false, notes: 'moved' } });
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
    const data = await client().deleteCustomerProvider(ids);
    expect(data.success).toBe(true);
    expect(server.requests.map((s) => s.method)).toEqual(['DELETE', 'DELETE']);
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('never retries a POST create, even with retryAfter 0', async () => {
    server.script(CREATE, rateLimited(0));
    const error = await rejection<CreateCustomerProviderError>(client().createCustomerProvider({ id: CUSTOMER_ID, body: { providerType: 'Pharmacy' } }));
    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(429);
    expect(error.kind).toBe('rateLimited');
    if (error.status !== 429) throw new Error('narrowed above');
    expectTypeOf(error.body).toEqualTypeOf<RateLimitError>();
    expect(error.body.retryAfter).toBe(0);
    const thrown = await rejection(client().createCustomerProvider({ id: CUSTOMER_ID, body: { providerType: 'Pharmacy' } }));
    expect(thrown).toMatchObject({ status: 429, attempts: 1, operationId: 'createCustomerProvider', body: { code: 'RATE_LIMIT_EXCEEDED' } });
    expect(server.requests).toHaveLength(2);
  });

  it('a retryAfter above the runtime cap (60 s) is not waited for: the 429 comes back at once', async () => {
    server.script(`PATCH ${ONE}`, rateLimited(120));
    const error = await rejection(client().updateCustomerProvider({ ...ids, body: { isActive: true } }));
    expect(server.requests).toHaveLength(1);
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(1);
    expect(error.body).toEqual({ message: 'Rate limit exceeded', code: 'RATE_LIMIT_EXCEEDED', retryAfter: 120 });
  });

  it('a lower cap set by the caller applies too', async () => {
    server.script(`DELETE ${ONE}`, rateLimited(1));
    const thrown = await rejection(createCarecycleClient({ apiKey: API_KEY, baseUrl: server.url, retry: { maxRetryAfterMs: 500 } }).deleteCustomerProvider(ids));
    expect(server.requests).toHaveLength(1);
    expect(thrown).toMatchObject({ status: 429, attempts: 1, body: { retryAfter: 1 } });
  });

  it('stops after maxRetries and rejects with the last 429', async () => {
    server.script(`DELETE ${ONE}`, rateLimited(0));
    const thrown = await rejection(client().deleteCustomerProvider(ids));
    expect(server.requests).toHaveLength(3);
    expect(thrown).toBeInstanceOf(CareApiError);
    expect(thrown).toMatchObject({ status: 429, attempts: 3, body: { code: 'RATE_LIMIT_EXCEEDED' } });
    expect(JSON.stringify(thrown)).not.toContain(API_KEY);
  });
});
