/** debugLogger: one debug line per attempt, secrets redacted, bodies only when asked for; a logger object in its place is a config error. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createStediClient } from '@careapis/stedi';
import { createCarecycleClient } from '@careapis/carecycle';
import { createCandidClient } from '@careapis/candid';
import { createTelehealthClient } from '@careapis/telehealth';
import { debugLogger, REDACTED } from '@careapis/core';
import { hang, reply, useLoopbackServer } from '../support/loopback-server.js';
import { useLeakCheck } from './secret-leaks.js';

const STEDI_KEY = 'stedi-key-logging-2c8e55';
const CARECYCLE_KEY = 'cc_logging_key_6a0f31';
const CLIENT_SECRET = 'candid-logging-secret-77aa';
const ACCESS_TOKEN = 'candid-logging-access-token-0c0c';
const PASSWORD = 'Pw-logging-never-shown-9!';
const COOKIE = 'session=cookie-value-1f2e3d';
const INTERNAL = 'internal-header-secret-4b4b';
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const PROVIDER = { id: 'p1', name: 'BDQ Dental Inc' };

const leaks = useLeakCheck({ STEDI_KEY, CARECYCLE_KEY, CLIENT_SECRET, ACCESS_TOKEN, PASSWORD, COOKIE, INTERNAL });
const server = useLoopbackServer();
const { logger } = leaks;
/** The client option: debug lines into the leak-checked logger, with the structured fields, and with bodies. */
const log = debugLogger(logger, { fields: true });
const logWithBodies = debugLogger(logger, { bodies: true });

beforeEach(() => {
  logger.lines.length = 0;
});

describe('logger', () => {
  it('logs method, URL, status, attempt and duration at debug level, one line per attempt', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, logger: log });
    expect(await stedi.getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    expect(logger.lines).toHaveLength(2);
    const [first, second] = logger.lines;
    expect(first?.message).toMatch(/^stedi\.getProvider GET http:\/\/127\.0\.0\.1:\d+\/providers\/p1 → 503 \(attempt 1, \d+ ms; retrying in \d+ ms\)$/);
    expect(first?.fields).toMatchObject({ vendor: 'stedi', operationId: 'getProvider', method: 'GET', url: `${server.url}/providers/p1`, status: 503, attempt: 1 });
    expect(typeof first?.fields.durationMs).toBe('number');
    expect(second?.fields).toMatchObject({ status: 200, attempt: 2 });
    expect(second?.fields, 'no `next: undefined` after the last attempt').not.toHaveProperty('next');
    expect(first?.fields.next).toMatch(/^retrying in \d+ ms$/);
  });

  it('debugLogger(console) without options: one line per attempt, and no object', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const calls: unknown[][] = [];
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, logger: debugLogger({ debug: (...args: unknown[]) => void calls.push(args) }) });
    await stedi.getProvider({ providerId: 'p1' });
    expect(calls.map((args) => args.length)).toEqual([1, 1]);
    expect(calls.map(([line]) => String(line).replace(/\d+ ms/g, 'N ms').replace(server.url, 'URL'))).toEqual([
      'stedi.getProvider GET URL/providers/p1 → 503 (attempt 1, N ms; retrying in N ms)',
      'stedi.getProvider GET URL/providers/p1 → 200 (attempt 2, N ms)',
    ]);
  });

  it('logs timeouts and connection errors without a status', async () => {
    server.script('GET /providers/p1', hang());
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, timeout: 100, maxRetries: 1, retry: FAST, logger: log });
    await leaks.rejection(stedi.getProvider({ providerId: 'p1' }));
    expect(logger.lines.map((l) => l.message.split(' → ')[1]?.split(' (')[0])).toEqual(['timeout', 'timeout']);
    expect(logger.lines[0]?.fields).not.toHaveProperty('status');
  });

  it('redacts Authorization, x-api-key, cookies and configured headers; hides query values', async () => {
    server.script('GET /providers', reply(200, { items: [] }));
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, logger: log, headers: { cookie: COOKIE, 'x-internal': INTERNAL }, redact: ['x-internal'] });
    await stedi.listProviders({ filter: 'Jane Doe', pageSize: 5 });
    const [line] = logger.lines;
    expect(line?.fields.requestHeaders).toMatchObject({ authorization: REDACTED, cookie: REDACTED, 'x-internal': REDACTED });
    expect(line?.fields.url).toBe(`${server.url}/providers?filter=…&pageSize=…`);
    expect(server.on('GET /providers')[0]?.headers.authorization).toBe(STEDI_KEY); // redacted in the log only

    server.script('DELETE /v2/customers/c1/providers/p1', reply(200, { success: true }));
    const carecycle = createCarecycleClient({ apiKey: CARECYCLE_KEY, baseUrl: server.url, logger: log });
    await carecycle.deleteCustomerProvider({ id: 'c1', providerId: 'p1' });
    expect(logger.lines[1]?.fields.requestHeaders).toMatchObject({ 'x-api-key': REDACTED });
  });

  it('leaves bodies out by default (they hold PHI)', async () => {
    server.script('POST /providers/p1', reply(200, PROVIDER));
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, logger: log });
    await stedi.updateProvider({ providerId: 'p1', body: { name: 'Jane Doe Dental' } });
    expect(logger.lines).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).not.toContain('Jane');
    expect(logger.lines[0]?.fields).not.toHaveProperty('requestBody');
    expect(logger.lines[0]?.fields).not.toHaveProperty('responseBody');
  });

  it('with bodies: true, logs request and response bodies with secret fields redacted', async () => {
    server.script('POST /api/auth/v2/token', reply(200, { access_token: ACCESS_TOKEN, expires_in: 18000 }));
    server.script('GET /api/contracts/v2/c1', reply(200, { contract_id: 'c1' }));
    const candid = createCandidClient({ baseUrl: server.url, clientId: 'candid-id', clientSecret: CLIENT_SECRET, logger: logWithBodies });
    await candid.getContract({ contract_id: 'c1' });
    const [token, contract] = logger.lines;
    expect(token?.fields).toMatchObject({ operationId: 'getToken', requestBody: { client_id: 'candid-id', client_secret: REDACTED }, responseBody: { access_token: REDACTED, expires_in: 18000 } });
    expect(contract?.fields).toMatchObject({ operationId: 'getContract', requestHeaders: { authorization: REDACTED }, responseBody: { contract_id: 'c1' } });

    const route = 'POST /api/service/v1/provider/register';
    server.script(route, reply(200, { error: false, echo: { password: PASSWORD } }));
    const telehealth = createTelehealthClient({ baseUrl: server.url, token: 'telehealth-token-logging', logger: logWithBodies });
    await telehealth.registerProvider({ body: { signup_code: 'ABCD123', first_name: 'John', email_id: 'john@example.com', password: PASSWORD } });
    expect(logger.lines[2]?.fields).toMatchObject({ requestBody: { first_name: 'John', password: REDACTED }, responseBody: { echo: { password: REDACTED } } });
  });

  it('logging bodies does not consume them: the caller still gets the data', async () => {
    server.script('GET /providers/p1', reply(200, PROVIDER));
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, logger: logWithBodies });
    expect(await stedi.getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    expect(logger.lines[0]?.fields.responseBody).toEqual(PROVIDER);
  });

  it('a logger object where debugLogger(logger) belongs is a config error at client creation, before any request', () => {
    const given = { debug: () => {} } as unknown as ReturnType<typeof debugLogger>;
    expect(() => createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, logger: given })).toThrow(/option `logger` must be a function such as debugLogger\(console\)/);
    expect(server.count()).toBe(0);
  });

  it('a custom attempt logger gets each attempt with its call record; the debug line is only debugLogger\'s format', async () => {
    server.script('GET /providers/p1', reply(503, { message: 'down' }), reply(200, PROVIDER));
    const seen: string[] = [];
    const stedi = createStediClient({ apiKey: STEDI_KEY, baseUrl: server.url, retry: FAST, logger: ({ record, outcome, decision }) => void seen.push(`${record.op.id} ${outcome} ${decision.retry ? decision.delayMs : 'done'} (${decision.reason})`) });
    expect(await stedi.getProvider({ providerId: 'p1' })).toEqual(PROVIDER);
    // `decision`: whether another attempt follows, after how many ms, and why.
    expect(seen).toEqual([expect.stringMatching(/^getProvider 503 \d+ \(retryable status\)$/), 'getProvider 200 done (answered)']);
  });
});
