/**
 * Every vendor, from its spec alone: each operation whose arguments the spec's examples can make
 * is called through its generated single-operation function against a Prism mock of the spec
 * (request validation on), and must succeed. No vendor is named here: a new spec in specs/ is
 * covered as soon as its package is generated and built, and `npm run regen` runs this file for
 * it (`-t <vendor>`). Operations it cannot call (a multipart body, a required body without an
 * example) are counted, not skipped in silence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModels } from '../../scripts/src/generate/generate.js';
import type { VendorModel } from '../../scripts/src/generate/model/index.js';
import { exampleArgValues } from '../../scripts/src/generate/emit/readme.js';
import { startMock, type MockServer } from '../../scripts/src/mock/prism.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const models = (await loadModels(ROOT)).map((l) => l.model);

/** Client options that satisfy the vendor's auth and required options, pointed at the mock. */
function options(model: VendorModel, baseUrl: string): Record<string, string | number> {
  const opts: Record<string, string | number> = { baseUrl, maxRetries: 0 };
  if (model.auth?.type === 'apiKey') opts.apiKey = `${model.auth.prefix ?? ''}contract-test-key`;
  if (model.auth?.type === 'bearer') opts.token = 'contract-test-token';
  for (const option of Object.keys(model.clientOptions)) opts[option] = `contract-test-${option}`;
  return opts;
}

describe.each(models.map((m) => [m.vendor, m] as const))('%s: every operation the spec can make arguments for, against Prism', (vendor, model) => {
  let mock: MockServer;
  let pkg: Record<string, unknown>;
  beforeAll(async () => {
    mock = await startMock(vendor);
    pkg = (await import(`@careapis/${vendor}`)) as Record<string, unknown>;
  });
  afterAll(() => mock?.close());

  const callable = model.operations.filter((op) => !op.noAuth && exampleArgValues(op) !== undefined);

  it.each(callable.map((op) => [op.name, op] as const))('%s', async (name, op) => {
    const base = (pkg[`create${model.typeName}Base`] as (o: object) => object)(options(model, mock.url));
    const call = pkg[name] as (client: object, args: object) => Promise<unknown> & { withResponse(): Promise<{ response: Response }> };
    expect(typeof call, `the package exports ${name}`).toBe('function');
    const { response } = await call(base, exampleArgValues(op) ?? {})
      .withResponse()
      .catch((error: unknown) => Promise.reject(new Error(`${vendor}.${name}: ${String(error)}\n${mock.output().slice(-2000)}`)));
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
  });

  it('calls most of the vendor’s operations from the spec alone', () => {
    const others = model.operations.filter((op) => !op.noAuth && !callable.includes(op));
    // A multipart body or a required body without an example cannot be made from JSON; the rest must be callable.
    for (const op of others) expect(op.multipart || (op.body?.required === true && op.bodyExample === undefined), `${op.name} could not be called`).toBe(true);
    expect(callable.length).toBeGreaterThan(0);
  });
});
