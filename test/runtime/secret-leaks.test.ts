/** The secret-leak check itself: it finds a secret however an error is rendered, and never prints the value. */
import { describe, expect, it } from 'vitest';
import { CareApiError } from '@careapis/core';
import { createLeakCheck, renderings } from './secret-leaks.js';

const SECRET = 'leak-check-secret-0123456789';

describe('createLeakCheck', () => {
  it('passes when nothing recorded holds a secret', () => {
    const leaks = createLeakCheck({ SECRET });
    leaks.record(new Error('harmless'));
    leaks.logger.debug('GET /x → 200', { status: 200 });
    expect(leaks.size).toBe(2);
    expect(() => leaks.assertClean()).not.toThrow();
  });

  it.each([
    ['the message', () => new Error(`bad key ${SECRET}`)],
    ['a cause', () => new Error('outer', { cause: new Error(`inner ${SECRET}`) })],
    ['an own property', () => Object.assign(new Error('x'), { config: { headers: { authorization: SECRET } } })],
    ['toJSON', () => new CareApiError({ vendor: 'v', operationId: 'op', status: 400, body: { hint: SECRET }, attempts: 1 })],
    ['a thrown string', () => `plain ${SECRET}`],
  ])('finds a secret in %s, and names it without showing it', (_where, make) => {
    const leaks = createLeakCheck({ SECRET });
    leaks.record(make());
    let failure: unknown;
    try {
      leaks.assertClean();
    } catch (e) {
      failure = e;
    }
    expect(String(failure)).toContain('SECRET in ');
    expect(renderings(failure).some((text) => text.includes(SECRET))).toBe(false);
  });

  it('finds a secret in a log line', () => {
    const leaks = createLeakCheck({ SECRET });
    leaks.logger.debug('GET /x → 200', { requestHeaders: { 'x-api-key': SECRET } });
    expect(() => leaks.assertClean()).toThrow(/SECRET in log line/);
  });

  it('rejection() records a rejection and refuses a success', async () => {
    const leaks = createLeakCheck({ SECRET });
    await expect(leaks.rejection(Promise.reject(new Error('x')))).resolves.toBeInstanceOf(Error);
    await expect(leaks.rejection(Promise.resolve(1))).rejects.toThrow(/expected a rejection/);
    expect(leaks.size).toBe(1);
  });
});
