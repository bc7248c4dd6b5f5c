/**
 * The hostile server: every vendor client against loopback servers that misbehave on purpose —
 * redirect chains that leave the origin, traversal ids, header injection, prototype keys in error
 * bodies, poisoned Retry-After hints, bodies that echo secrets — with the secret-leak check on every
 * error and every log line. Calls go through `rawClient(client)`.
 */
import { describe, expect, it } from 'vitest';
import { CareApiConfigError, CareApiError, CareApiParseError, debugLogger, REDACTED, unwrap } from '@careapis/core';
import { reply, useLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { callOp, CREDENTIALS, routeOf, VENDORS, type HostileVendor } from './hostile-vendors.js';
import { renderings, useLeakCheck } from './secret-leaks.js';

/** The first characters of a success body that is not JSON: patient data a parse error must not quote. */
const PHI = 'Jane Q Pat';
const leaks = useLeakCheck({ ...CREDENTIALS, PHI });
const origin = useLoopbackServer();
/** Another origin (another port): nothing the clients hold may reach it. */
const elsewhere = useLoopbackServer();
const FAST = { initialDelayMs: 5, maxDelayMs: 20 };
const log = debugLogger(leaks.logger, { bodies: true });

/** A client of `vendor` against the origin server, logging every attempt (bodies included) into the leak check. */
function clientOf(vendor: HostileVendor, options: Record<string, unknown> = {}) {
  vendor.setup(origin);
  return vendor.make(origin.url, { retry: FAST, logger: log, ...options });
}

/** Every error a call ends with is recorded by the leak check. */
const settle = <T>(promise: Promise<T>): Promise<T> => promise.catch((error: unknown) => Promise.reject(leaks.record(error)));

/** No request reached the other origin, and none of the credentials did. */
function nothingReached(server: LoopbackServer): void {
  expect(server.count()).toBe(0);
  const seen = JSON.stringify(server.requests.map((r) => r.headers));
  for (const value of Object.values(CREDENTIALS)) expect(seen.includes(value)).toBe(false);
}

describe.each(VENDORS)('hostile server: $name', (vendor) => {
  const route = routeOf(vendor);
  const { method } = vendor.op;

  it.each([301, 302, 303, 307, 308])('a %i to another origin is not followed: the 3xx comes back and nothing reaches the other origin', async (status) => {
    origin.script(route, reply(status, { message: 'moved' }, { location: `${elsewhere.url}/steal` }));
    const { response, error } = await settle(callOp(vendor, clientOf(vendor)));
    expect(response.status).toBe(status);
    expect(response.headers.get('location')).toBe(`${elsewhere.url}/steal`);
    expect(error).toEqual({ message: 'moved' });
    expect(origin.count(route)).toBe(1);
    nothingReached(elsewhere);
    leaks.record(await unwrap(callOp(vendor, clientOf(vendor))).catch((e: unknown) => e));
  });

  it('a redirect chain is followed on the origin, with the credential, and stops where it leaves', async () => {
    origin.script(route, reply(302, undefined, { location: '/hop-1' }));
    origin.script(`${method} /hop-1`, reply(307, undefined, { location: `${origin.url}/hop-2` }));
    origin.script(`${method} /hop-2`, reply(308, undefined, { location: `${elsewhere.url}/steal` }));
    const { response } = await settle(callOp(vendor, clientOf(vendor)));
    expect(response.status).toBe(308);
    expect(origin.on(`${method} /hop-1`).map((r) => r.headers[vendor.credential.header])).toEqual([vendor.credential.value]);
    expect(origin.count(`${method} /hop-2`)).toBe(1);
    nothingReached(elsewhere);
  });

  it('a same-origin redirect is followed to its answer', async () => {
    origin.script(route, reply(307, undefined, { location: '/moved' }));
    origin.script(`${method} /moved`, reply(200, { id: 'moved' }));
    const { data, response } = await settle(callOp(vendor, clientOf(vendor)));
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: 'moved' });
  });

  it.each([['..'], ['.'], [''], [undefined], [null]])('a path parameter of %j is refused before anything is sent, naming the parameter', async (value) => {
    const client = clientOf(vendor);
    const error = await leaks.rejection(callOp(vendor, client, { ...vendor.op.path, [vendor.op.param]: value }));
    expect(error).toBeInstanceOf(CareApiConfigError);
    expect((error as Error).message).toContain(`\`${vendor.op.param}\``);
    expect(origin.count()).toBe(0);
  });

  it('a header value with CR/LF or NUL is refused before sending, not retried, and not shown', async () => {
    const client = clientOf(vendor);
    for (const value of ['trace\r\nx-injected: 1', 'trace\nx-injected: 1', 'trace\0x']) {
      const error = await leaks.rejection(callOp(vendor, client, vendor.op.path, { headers: { 'x-trace': value } }));
      expect(error).toBeInstanceOf(CareApiConfigError);
      expect((error as Error).message).toContain('x-trace');
      expect((error as Error).message).not.toContain('trace\r');
      expect((error as Error).message).not.toContain('x-injected');
    }
    expect(origin.count(route)).toBe(0);
  });

  it('__proto__ in an error body gives no prototype to the result, the error or the log line', async () => {
    const body = '{"__proto__":{"isAdmin":true},"message":"denied","nested":{"__proto__":{"isAdmin":true}}}';
    origin.script(route, reply(403, body));
    leaks.logger.lines.length = 0;
    const { error } = await settle(callOp(vendor, clientOf(vendor)));
    for (const value of [error, (error as { nested: unknown }).nested]) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect((value as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    }
    const thrown = await leaks.rejection(unwrap(callOp(vendor, clientOf(vendor))));
    expect(thrown).toBeInstanceOf(CareApiError);
    expect((thrown as CareApiError<{ isAdmin?: unknown }>).body.isAdmin).toBeUndefined();
    const logged = leaks.logger.lines.at(-1)?.fields.responseBody as { isAdmin?: unknown } | undefined;
    expect(logged).toMatchObject({ message: 'denied' });
    expect(logged?.isAdmin).toBeUndefined();
  });

  it('a negative Retry-After is ignored: the retry waits its backoff, not zero', async () => {
    origin.script(route, reply(503, { message: 'busy' }, { 'retry-after': '-5' }), reply(200, { id: 'p1' }));
    const { response } = await settle(callOp(vendor, clientOf(vendor, { retry: { initialDelayMs: 300, maxDelayMs: 300 } })));
    expect(response.status).toBe(200);
    const [first, second] = origin.on(route);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it('a body that echoes the credential: redacted in the result, the error and the log line', async () => {
    origin.script(route, reply(401, { message: `credential ${vendor.credential.value} is not valid here`, echo: { [vendor.credential.header]: vendor.credential.value } }));
    leaks.logger.lines.length = 0;
    const { error } = await settle(callOp(vendor, clientOf(vendor)));
    expect(JSON.stringify(error)).toContain(REDACTED);
    expect(JSON.stringify(error)).not.toContain(vendor.credential.value);
    await leaks.rejection(unwrap(callOp(vendor, clientOf(vendor))));
    expect(JSON.stringify(leaks.logger.lines.map((l) => l.fields))).not.toContain(vendor.credential.value);
  });

  it('a success body that is not JSON: a CareApiParseError whose cause does not quote the body', async () => {
    origin.script(route, reply(200, `${PHI}ient, born 1970-01-01`));
    const error = await leaks.rejection(callOp(vendor, clientOf(vendor)));
    expect(error).toBeInstanceOf(CareApiParseError);
    expect(renderings(error).some((text) => text.includes(PHI))).toBe(false);
  });
});
