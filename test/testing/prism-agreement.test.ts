/**
 * The test kit and Prism (our own check of the spec, request validation on) agree on what is
 * valid: every example call the kit answers with its example is accepted by Prism, and every
 * invalid request the kit rejects (test/testing/kit.test.ts, same cases) is rejected by Prism with
 * a 4xx too. So the kit is neither stricter nor looser than the spec on these requests. The
 * clients call Prism on loopback; no msw here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';
import { argsOf, invalidBodyCases, loadVendors } from './support.js';

const vendors = await loadVendors();

describe.each(vendors.map((v) => [v.model.vendor, v] as const))('%s against Prism', (_name, vendor) => {
  let prism: MockServer;
  beforeAll(async () => {
    prism = await startMock(vendor.model.vendor);
  }, 90_000);
  afterAll(() => prism?.close());

  const client = (): ReturnType<typeof vendor.client> => vendor.client({ baseUrl: prism.url });

  it.each(vendor.model.operations.map((op) => [op.name, op] as const))('%s: Prism accepts the example call', async (_op, op) => {
    // Resolves (a rejection fails the test with Prism's status and violations).
    await client()[op.name]!(argsOf(op));
  });

  it.each(invalidBodyCases(vendor).map((c) => [c.label, c] as const))('%s: Prism rejects it too', async (_label, c) => {
    const outcome: unknown = await client()[c.op.name]!({ ...argsOf(c.op), body: c.body }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(vendor.CareApiError);
    const status = (outcome as { status: number }).status;
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });
});
