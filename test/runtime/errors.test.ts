/** Typed errors: rejections of typed calls and `unwrap` of raw results, CareApiError's fields, per-status narrowing, distinct network error classes, redaction. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CareApiAbortError,
  CareApiConnectionError,
  CareApiError,
  CareApiParseError,
  CareApiTimeoutError,
  createStediClient,
  rawClient,
  unwrap,
  type operations,
} from '@careapis/stedi';
import { createTelehealthClient } from '@careapis/telehealth';
import { CareApiBaseError, CareApiRequestError, isCareApiError, REDACTED, type CareApiErrorFor } from '@careapis/core';
import { hang, reply, startLoopbackServer, useLoopbackServer } from '../support/loopback-server.js';
import { useLeakCheck } from './secret-leaks.js';

const STEDI_KEY = 'stedi-key-errors-93c1d0';
const PASSWORD = 'Pw-errors-never-shown-41!';
const P1 = { providerId: 'p1' };
const params = { path: P1 };
const GET_P1 = 'GET /providers/p1';

const leaks = useLeakCheck({ STEDI_KEY, PASSWORD });
const server = useLoopbackServer();
const stedi = (options: { timeout?: number; maxRetries?: number; baseUrl?: string } = {}) =>
  createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: { initialDelayMs: 5, maxDelayMs: 20 }, ...options });
/** The same failing call two ways: a typed method's rejection, and `unwrap` of the raw client's `{ data, error }` result. */
const getP1Both = (options: { maxRetries?: number } = {}) =>
  [
    ['the typed method', () => stedi(options).getProvider(P1)],
    ['unwrap of a raw result', () => unwrap(rawClient(stedi(options)).GET('/providers/{providerId}', { params }))],
  ] as const;

describe('rejections, unwrap and CareApiError', () => {
  it('a typed call resolves to the data of a success; unwrap returns the data of a raw success', async () => {
    server.script(GET_P1, reply(200, { id: 'p1', npi: '1999999992' }));
    const data = await stedi().getProvider(P1);
    expectTypeOf(data.npi).toEqualTypeOf<string>();
    expect(data).toEqual({ id: 'p1', npi: '1999999992' });
    const unwrapped = await unwrap(rawClient(stedi()).GET('/providers/{providerId}', { params }));
    expectTypeOf(unwrapped.npi).toEqualTypeOf<string>();
    expect(unwrapped).toEqual({ id: 'p1', npi: '1999999992' });
  });

  for (const [how, call] of getP1Both()) {
    it(`${how}: CareApiError with vendor, operationId, status, kind, request id, headers, typed body and attempt count`, async () => {
      server.script(GET_P1, reply(404, { message: 'Provider not found', code: 'NOT_FOUND' }, { 'x-amzn-requestid': 'req-7f3a' }));
      const error = await leaks.rejection(call());
      expect(error).toBeInstanceOf(CareApiError);
      expect(error).toBeInstanceOf(CareApiBaseError);
      expect(error).not.toBeInstanceOf(CareApiRequestError);
      expect(error).toMatchObject({
        vendor: 'stedi',
        operationId: 'getProvider',
        status: 404,
        kind: 'notFound',
        vendorMessage: 'Provider not found',
        requestId: 'req-7f3a',
        attempts: 1,
        body: { message: 'Provider not found', code: 'NOT_FOUND' },
      });
      expect((error as CareApiError).headers).toMatchObject({ 'x-amzn-requestid': 'req-7f3a', 'content-type': 'application/json' });
      expect((error as Error).message).toBe('stedi.getProvider failed with HTTP 404: Provider not found (request id req-7f3a)');
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'CareApiError', status: 404, requestId: 'req-7f3a', body: { code: 'NOT_FOUND' } });
    });
  }

  it('reads the request id from the header the spec marks (Stedi: x-amzn-requestid), and from no other', async () => {
    for (const [how, call] of getP1Both({ maxRetries: 0 })) {
      server.clear();
      server.script(GET_P1, reply(500, { message: 'boom' }, { 'x-amzn-requestid': 'rid-1', 'x-request-id': 'other' }));
      expect(await leaks.rejection(call(), how), how).toMatchObject({ requestId: 'rid-1' });
      server.clear();
      server.script(GET_P1, reply(500, { message: 'boom' }, { 'x-request-id': 'rid-2', 'x-correlation-id': 'rid-3' }));
      expect(await leaks.rejection(call(), how), how).toMatchObject({ requestId: undefined });
    }
  });

  it('the vendor message comes from the fields the spec marks, and only those (Stedi: `message`, not `code`)', async () => {
    server.script(GET_P1, reply(409, { message: 'Provider already enrolled', code: 'CONFLICT', error: 'other field' }));
    const error = await leaks.rejection(stedi({ maxRetries: 0 }).getProvider({ providerId: 'p1' }));
    expect(error).toMatchObject({ vendorMessage: 'Provider already enrolled' });
    expect((error as Error).message).toBe('stedi.getProvider failed with HTTP 409: Provider already enrolled');
  });

  it('counts attempts: a 503 answered three times', async () => {
    server.script(GET_P1, reply(503, { message: 'down' }));
    for (const [how, call] of getP1Both()) expect(await leaks.rejection(call(), how), how).toMatchObject({ status: 503, kind: 'server', attempts: 3 });
    expect(server.count(GET_P1)).toBe(6);
  });

  it('narrows the body per status with isCareApiError<operations[…]>', async () => {
    server.script('POST /providers', reply(400, { message: 'invalid', fieldList: [{ path: '/npi', message: 'too short' }] }));
    const error = await leaks.rejection(stedi().createProvider({ body: { name: 'X', npi: '1', taxId: '555123456', taxIdType: 'EIN' } }));
    expect(isCareApiError<operations['createProvider']>(error, 'createProvider')).toBe(true);
    expect(isCareApiError(error, 'getProvider')).toBe(false);
    if (!isCareApiError<operations['createProvider']>(error)) throw new Error('unreachable');
    if (error.status === 400) {
      expectTypeOf(error.body.fieldList).toEqualTypeOf<{ path: string; message: string }[] | undefined>();
      expect(error.body.fieldList?.[0]?.path).toBe('/npi');
    } else {
      expectTypeOf(error.body).toEqualTypeOf<{ message: string; code?: string }>();
      throw new Error(`expected 400, got ${error.status}`);
    }
    expectTypeOf<CareApiErrorFor<operations['createProvider']>['status']>().toEqualTypeOf<400 | 401 | 403 | 404 | 429 | 500 | 503 | 504>();
  });

  it('a body that is not the JSON the spec promises: CareApiParseError', async () => {
    server.script(GET_P1, reply(200, '<html>maintenance</html>', { 'content-type': 'application/json' }));
    const error = await leaks.rejection(stedi().getProvider(P1));
    expect(error).toBeInstanceOf(CareApiParseError);
    expect(error).toMatchObject({ status: 200, context: { operationId: 'getProvider', attempts: 1 } });
  });
});

describe('network failures are distinct classes', () => {
  it('connection refused → CareApiConnectionError; timeout → CareApiTimeoutError; abort → CareApiAbortError', async () => {
    const closed = await startLoopbackServer();
    const closedUrl = closed.url;
    await closed.close();
    const refused = await leaks.rejection(stedi({ baseUrl: closedUrl, maxRetries: 1 }).getProvider(P1));
    server.script(GET_P1, hang());
    const timedOut = await leaks.rejection(stedi({ timeout: 100, maxRetries: 0 }).getProvider(P1));
    const aborted = await leaks.rejection(stedi().getProvider(P1, { signal: AbortSignal.abort() }));

    expect(refused).toBeInstanceOf(CareApiConnectionError);
    expect((refused as Error).message).toContain('ECONNREFUSED');
    expect(refused).toMatchObject({ context: { attempts: 2 } });
    expect(timedOut).toBeInstanceOf(CareApiTimeoutError);
    expect(aborted).toBeInstanceOf(CareApiAbortError);
    for (const error of [refused, timedOut, aborted]) {
      expect(error).toBeInstanceOf(CareApiRequestError);
      expect(error).not.toBeInstanceOf(CareApiError);
      expect(error).toMatchObject({ context: { vendor: 'stedi', operationId: 'getProvider', method: 'GET', url: `${error === refused ? closedUrl : server.url}/providers/p1` } });
    }
    expect(new Set([refused, timedOut, aborted].map((e) => (e as Error).name))).toEqual(new Set(['CareApiConnectionError', 'CareApiTimeoutError', 'CareApiAbortError']));
  });

  it('error context never carries the query string (it may hold patient data)', async () => {
    server.script('GET /providers', hang());
    const error = await leaks.rejection(stedi({ timeout: 100, maxRetries: 0 }).listProviders({ filter: 'Jane Doe' }));
    expect(JSON.stringify(error)).not.toContain('Jane');
    expect((error as Error).message).not.toContain('Jane');
    expect(error).toMatchObject({ context: { url: `${server.url}/providers` } });
  });
});

describe('redaction in errors', () => {
  it('secret fields echoed by the vendor are redacted from the body, the message and toJSON', async () => {
    const telehealth = createTelehealthClient({ baseUrl: server.url, token: 'telehealth-static-token-1234', maxRetries: 0 });
    const route = 'POST /api/service/v1/provider/register';
    server.script(route, reply(422, { error: true, message: 'weak password', echo: { first_name: 'John', password: PASSWORD } }));
    const error = await leaks.rejection(telehealth.registerProvider({ body: { signup_code: 'ABCD123', first_name: 'John', email_id: 'john@example.com', password: PASSWORD } }));
    expect(error).toBeInstanceOf(CareApiError);
    expect(error).toMatchObject({ status: 422, kind: 'unprocessable', body: { echo: { first_name: 'John', password: REDACTED } } });
    expect(JSON.parse(server.on(route)[0]?.body ?? '{}')).toMatchObject({ password: PASSWORD }); // the request itself is intact
  });

  it('an API key the vendor echoes in its message is scrubbed', async () => {
    server.script(GET_P1, reply(403, { message: `Key ${STEDI_KEY} is not allowed`, code: 'FORBIDDEN' }));
    for (const [how, call] of getP1Both()) {
      const error = await leaks.rejection(call(), how);
      expect((error as Error).message, how).toBe('stedi.getProvider failed with HTTP 403: Key [redacted] is not allowed');
      expect(error, how).toMatchObject({ vendorMessage: 'Key [redacted] is not allowed', body: { message: 'Key [redacted] is not allowed' } });
    }
  });

  it('a malformed API key is refused at creation without being shown', () => {
    const error = leaks.record(
      (() => {
        try {
          createStediClient({ apiKey: ' ', baseUrl: server.url });
        } catch (e) {
          return e;
        }
      })(),
    );
    expect(String(error)).toContain('apiKey');
  });
});
