/**
 * The test kit as a repository test uses it: each vendor's built client (dist/index.js) against
 * its built handlers (dist/testing.js) under msw/node, the way a user's tests run them. Every
 * operation is called with the README's example arguments and must resolve to the spec's example;
 * invalid requests made from the spec (a required field left out, an enum or pattern broken, a
 * wrong content type, no credentials) must get the vendor's error status with a body that matches
 * the spec's schema for it and says what is wrong. Needs built packages (`npm run build`).
 */
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { argsOf, invalidBodyCases, loadVendors, responseChecker, type Vendor } from './support.js';
import type { Schema, Ref } from '../../scripts/src/generate/spec-types.js';
import { resolveRef } from '../../scripts/src/generate/emit/testing.js';

const vendors = await loadVendors();

/** The rejection of a call (fails the test when the call resolves). */
async function rejectionOf(vendor: Vendor, call: Promise<unknown>): Promise<InstanceType<Vendor['CareApiError']>> {
  const outcome = await call.then(
    (data) => ({ data }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`the call resolved (${JSON.stringify(outcome.data)?.slice(0, 200)}) instead of being rejected`);
  expect(outcome.error).toBeInstanceOf(vendor.CareApiError);
  return outcome.error as InstanceType<Vendor['CareApiError']>;
}

/** The message an error body carries at the kit's message field. */
const messageAt = (body: unknown, slot: (string | number)[] | undefined): unknown => (slot ?? []).reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], body);

describe.each(vendors.map((v) => [v.model.vendor, v] as const))('%s', (_name, vendor) => {
  const { model, kit, data } = vendor;
  const check = responseChecker(vendor.doc);
  let server: SetupServer;
  beforeAll(() => {
    server = setupServer(...kit.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('has one handler per operation, and an example for each', () => {
    expect(kit.handlers).toHaveLength(model.operations.length);
    expect(Object.keys(kit.examples).sort()).toEqual(model.operations.map((op) => op.name).sort());
  });

  it.each(model.operations.map((op) => [op.name, op] as const))('%s: the example call resolves to the spec example, with its documented status', async (_op, op) => {
    const client = vendor.client();
    const example = kit.examples[op.name]!;
    expect(example.status, 'the first success the spec documents').toBe(Number(op.successes[0]?.status));
    expect(check(op, example.status, example.body), 'the example body matches the spec').toBeUndefined();
    const { data: result, response } = await (client[op.name]!(argsOf(op)) as Promise<unknown> & { withResponse(): Promise<{ data: unknown; response: Response }> }).withResponse();
    expect(response.status).toBe(example.status);
    expect(result).toEqual(example.body);
  });

  it('answers at a base URL given to createHandlers, and at a named environment', async () => {
    const op = model.operations.find((o) => o.method === 'GET' && !o.noAuth) ?? model.operations[0]!;
    const baseUrl = 'http://127.0.0.1:9/mock-base';
    server.use(...kit.createHandlers({ baseUrl }));
    await expect(vendor.client({ baseUrl })[op.name]!(argsOf(op))).resolves.toEqual(kit.examples[op.name]!.body);
    const other = model.environments[1];
    if (other) {
      server.use(...kit.createHandlers({ environment: other.name }));
      await expect(vendor.client({ environment: other.name })[op.name]!(argsOf(op))).resolves.toEqual(kit.examples[op.name]!.body);
    }
  });

  const bodyCases = invalidBodyCases(vendor);

  it('has invalid-request cases for the vendor (a body with a required field or a rule to break)', () => {
    expect(bodyCases.length).toBeGreaterThan(0);
  });

  it.each(bodyCases.map((c) => [c.label, c] as const))('%s: the vendor validation error, naming the field', async (_label, c) => {
    const route = data.routes.find((r) => r.name === c.op.name)!;
    const error = await rejectionOf(vendor, vendor.client()[c.op.name]!({ ...argsOf(c.op), body: c.body }));
    expect(error.status).toBe(route.invalid.status);
    expect(check(c.op, error.status, error.body), 'the error body matches the spec').toBeUndefined();
    if (route.invalid.slot) expect(String(messageAt(error.body, route.invalid.slot))).toContain(c.field);
    // A body that names the field in error beside the message (Candid's `fieldName`) names this one.
    if (route.invalid.fieldSlot) expect(messageAt(error.body, route.invalid.fieldSlot)).toBe(c.field);
  });

  const jsonBodyOp = model.operations.find((op) => op.body?.media === 'application/json' && argsOf(op)?.body !== undefined && !op.noAuth);
  it.runIf(jsonBodyOp)('a JSON body sent as text/plain: the vendor error for a content type it does not take', async () => {
    const op = jsonBodyOp!;
    const route = data.routes.find((r) => r.name === op.name)!;
    const error = await rejectionOf(vendor, vendor.client()[op.name]!(argsOf(op), { headers: { 'content-type': 'text/plain' } }));
    expect(error.status).toBe(route.unsupported.status);
    expect(check(op, error.status, error.body)).toBeUndefined();
    if (route.unsupported.slot) expect(String(messageAt(error.body, route.unsupported.slot))).toMatch(/content type "text\/plain" is not accepted/);
  });

  const pathOp = model.operations.find((op) => op.parameters.some((p) => p.in === 'query' && resolveRef<Schema & { minimum?: number }>(vendor.doc, p.schema as Schema | Ref)?.minimum !== undefined));
  it.runIf(pathOp)('a query parameter under its minimum: the vendor validation error', async () => {
    const op = pathOp!;
    const param = op.parameters.find((p) => p.in === 'query' && resolveRef<Schema & { minimum?: number }>(vendor.doc, p.schema as Schema | Ref)?.minimum !== undefined)!;
    const minimum = resolveRef<Schema & { minimum?: number }>(vendor.doc, param.schema as Schema | Ref)?.minimum ?? 0;
    const arg = op.args.find((a) => a.name === param.name)!;
    const route = data.routes.find((r) => r.name === op.name)!;
    const error = await rejectionOf(vendor, vendor.client()[op.name]!({ ...argsOf(op), [arg.key]: minimum - 1 }));
    expect(error.status).toBe(route.invalid.status);
    if (route.invalid.slot) expect(String(messageAt(error.body, route.invalid.slot))).toContain(`query parameter "${param.name}": must be >= ${minimum}`);
  });

  const authOp = model.operations.find((op) => !op.noAuth && model.auth);
  it.runIf(authOp)('a request without credentials: the vendor 401', async () => {
    const op = authOp!;
    const route = data.routes.find((r) => r.name === op.name)!;
    const base = model.environments[0]?.url ?? 'https://your-host.example';
    const path = op.path.replace(/\{[^}]+\}/g, 'some-id');
    const response = await fetch(`${base}${path}`, { method: op.method });
    expect(response.status).toBe(401);
    const body = response.headers.get('content-type')?.includes('json') ? ((await response.json()) as unknown) : undefined;
    expect(check(op, 401, body)).toBeUndefined();
    if (route.unauthorized?.slot) expect(String(messageAt(body, route.unauthorized.slot))).toMatch(/^Missing credentials/);
  });

  it('an override answers one operation with the given status, body and headers, and still checks requests', async () => {
    const op = model.operations.find((o) => o.successes.some((s) => s.media) && !o.noAuth) ?? model.operations[0]!;
    const status = 503;
    server.use(kit.override(op.name, { status, body: { overridden: true }, headers: { 'x-request-id': 'req-override' } }));
    const error = await rejectionOf(vendor, vendor.client()[op.name]!(argsOf(op)));
    expect(error.status).toBe(status);
    expect(error.body).toEqual({ overridden: true });
    // Other operations keep their examples.
    const other = model.operations.find((o) => o !== op && o.method === 'GET' && !o.noAuth);
    if (other) await expect(vendor.client()[other.name]!(argsOf(other))).resolves.toEqual(kit.examples[other.name]!.body);
  });

  it('an override with once answers one request, then the example comes back', async () => {
    const op = model.operations.find((o) => o.method === 'GET' && !o.noAuth) ?? model.operations[0]!;
    server.use(kit.override(op.name, { status: 404, body: { gone: true } }, { once: true }));
    const client = vendor.client();
    expect((await rejectionOf(vendor, client[op.name]!(argsOf(op)))).status).toBe(404);
    await expect(client[op.name]!(argsOf(op))).resolves.toEqual(kit.examples[op.name]!.body);
  });
});

describe('routes that share a pattern', () => {
  // `/a/facility` and `/a/{id}` both match GET /a/facility: the literal route answers it, also when `/a/{id}` is overridden.
  const pairs = vendors.flatMap((vendor) =>
    vendor.data.routes.flatMap((route) =>
      vendor.data.routes
        .filter((other) => other !== route && other.method === route.method && other.path.split('/').length === route.path.split('/').length)
        .filter((other) => other.path.split('/').every((seg, i) => seg === route.path.split('/')[i] || (/^\{/.test(seg) && !/^\{/.test(route.path.split('/')[i] ?? ''))))
        .filter((other) => other.path !== route.path)
        .map((templated) => ({ vendor, literal: route, templated })),
    ),
  );

  it('exist in the specs (Candid credentialing spans, CertifyOS providers)', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  it.each(pairs.map((p) => [`${p.vendor.model.vendor} ${p.literal.method.toUpperCase()} ${p.literal.path} vs ${p.templated.path}`, p] as const))('%s', async (_label, { vendor, literal, templated }) => {
    const server = setupServer(vendor.kit.override(templated.name, { status: 500, body: { wrongRoute: true } }), ...vendor.kit.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const op = vendor.model.operations.find((o) => o.name === literal.name)!;
      await expect(vendor.client()[op.name]!(argsOf(op))).resolves.toEqual(vendor.kit.examples[op.name]!.body);
    } finally {
      server.close();
    }
  });
});
