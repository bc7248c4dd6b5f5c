/**
 * The test kit's emitter (scripts/src/generate/emit/testing.ts) on its own: what it reads from a
 * spec — route order, example and sample bodies, the message field of error bodies, the request
 * schemas it embeds — on the fixture specs and on every spec of the repository, and where the
 * README puts the "Testing your integration" section.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadModels } from '../../scripts/src/generate/generate.js';
import { buildModel } from '../../scripts/src/generate/model/index.js';
import { emitReadme } from '../../scripts/src/generate/emit/readme.js';
import { transform } from 'esbuild';
import { literal, shareEntryRuns, shareRepeated, type Path } from '../../scripts/src/generate/emit/literal.js';
import { bySpecificity, defaultMockBase, emitTesting, messageSlot, mockData, sampleValue, validationSchema, validationScore, type MockData } from '../../scripts/src/generate/emit/testing.js';
import type { OpenApiDocument } from '../../scripts/src/generate/spec-types.js';
import { ROOT } from './support.js';

/** The data a generated kit module hands to `mockKit` of @careapis/core/testing, read back by running the module (as JavaScript) with that import caught. */
async function embeddedData(source: string): Promise<MockData & { package: string; defaultBaseUrl: string }> {
  const { code } = await transform(source, { loader: 'ts', format: 'cjs' });
  let api: (MockData & { package: string; defaultBaseUrl: string }) | undefined;
  const modules: Record<string, unknown> = {
    '@careapis/core/testing': {
      mockKit: (data: typeof api) => {
        api = data;
        return { createHandlers: () => [], override: () => ({}), examples: {}, defaultBaseUrl: data?.defaultBaseUrl };
      },
    },
    'openapi-msw': { createOpenApiHttp: () => ({}) },
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)((name: string) => modules[name], module, module.exports);
  if (!api) throw new Error('the module did not call mockKit');
  return api;
}

/** A value written the way the kit module writes its data: the shared parts as consts, then the value; evaluated back. */
function roundTrip(value: unknown, place: (path: Path) => { pool: string; name: string } | undefined, runs: (path: Path) => { pool: string; name: string } | undefined): { text: string; value: unknown } {
  const taken = new Set<string>();
  const { root, parts } = shareEntryRuns(shareRepeated(value, place, taken, 10), runs, taken, 2, 10);
  const text = `${parts.map((p) => `const ${p.name} = ${literal(p.value)};`).join('\n')}\nreturn ${literal(root)};`;
  return { text, value: new Function(text)() as unknown };
}

const petstoreDoc = parse(await readFile(join(ROOT, 'test/generator/fixtures/petstore.yaml'), 'utf8')) as OpenApiDocument;
const built = buildModel({ doc: petstoreDoc, file: 'specs/petstore.yaml', vendor: 'petstore', lineOf: () => 1 } as unknown as Parameters<typeof buildModel>[0]);
if (!built.ok) throw new Error(JSON.stringify(built.problems));
const petstore = built.model;
const repo = await loadModels(ROOT);

describe('reading the spec', () => {
  it('orders literal paths before templated ones of the same shape', () => {
    const paths = ['/a/{id}', '/a/facility', '/a/{id}/b', '/a/facility/b', '/x'];
    expect([...paths].sort(bySpecificity).indexOf('/a/facility')).toBeLessThan([...paths].sort(bySpecificity).indexOf('/a/{id}'));
    expect([...paths].sort(bySpecificity).indexOf('/a/facility/b')).toBeLessThan([...paths].sort(bySpecificity).indexOf('/a/{id}/b'));
  });

  it('finds the message field of an error body: the shallowest `message`, then any *message*, then detail/error', () => {
    expect(messageSlot({ errorName: 'X', content: { message: 'm' } })).toEqual(['content', 'message']);
    expect(messageSlot({ message: 'top', content: { message: 'deep' } })).toEqual(['message']);
    expect(messageSlot({ content: [{ fieldName: 'a', humanReadableMessage: 'h' }] })).toEqual(['content', 0, 'humanReadableMessage']);
    expect(messageSlot({ error_message: 'e' })).toEqual(['error_message']);
    expect(messageSlot({ statusCode: 400, error: 'Bad Request' })).toEqual(['error']);
    expect(messageSlot({ id: 'x' })).toBeUndefined();
    expect(messageSlot(undefined)).toBeUndefined();
  });

  it('rates how much an error body looks like a validation error', () => {
    expect(validationScore('{"errorName":"HttpRequestValidationsError"}')).toBe(3);
    expect(validationScore('#/components/schemas/UnprocessableEntityError')).toBe(2);
    expect(validationScore('{"errorName":"ContractInvalidExpirationDateHttpError"}')).toBe(1);
    expect(validationScore('{"errorName":"ContractIsLinkedToFeeScheduleHttpError"}')).toBe(0);
  });

  it('keeps only validation keywords in embedded schemas, rewrites component refs into $defs and collects them', () => {
    const wanted = new Set<string>();
    const schema = validationSchema(
      {
        type: 'object',
        description: 'dropped',
        example: { a: 1 },
        'x-careapis-note': 'dropped',
        required: ['description'],
        properties: { description: { type: 'string', description: 'a property named description stays' }, pet: { $ref: '#/components/schemas/Pet' } },
        discriminator: { propertyName: 'kind' },
      },
      wanted,
    );
    expect(schema).toEqual({ type: 'object', required: ['description'], properties: { description: { type: 'string' }, pet: { $ref: '#/$defs/Pet' } } });
    expect([...wanted]).toEqual(['Pet']);
  });

  it('makes up a body from a schema without examples, through refs, allOf and cycles', () => {
    const doc = {
      components: {
        schemas: {
          Node: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' }, child: { $ref: '#/components/schemas/Node' }, count: { type: 'integer', minimum: 1 } } },
          Named: { allOf: [{ $ref: '#/components/schemas/Node' }, { type: 'object', properties: { name: { type: 'string', examples: ['Rex'] } } }] },
        },
      },
    } as unknown as OpenApiDocument;
    expect(sampleValue(doc, { $ref: '#/components/schemas/Node' })).toEqual({ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', count: 1 });
    expect(sampleValue(doc, { $ref: '#/components/schemas/Named' })).toEqual({ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', count: 1, name: 'Rex' });
    expect(sampleValue(doc, { $ref: '#/components/schemas/Node' }, true)).toEqual({ id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' });
  });

  it('petstore: every operation with its documented success and example, its validation answer, and the default base URL', () => {
    const data = mockData(petstore, petstoreDoc);
    expect(data.routes.map((r) => r.name).sort()).toEqual(['createPet', 'listPets', 'replacePet']);
    const create = data.routes.find((r) => r.name === 'createPet')!;
    expect(create.answer.status).toBe(201);
    expect(create.invalid.status).toBe(400);
    expect(create.auth).toBe(true);
    expect(create.body?.required).toBe(true);
    expect(create.body?.media['application/json']?.schema).toEqual({ $ref: '#/$defs/NewPet' });
    expect(data.defs.NewPet).toMatchObject({ required: ['name', 'kind'], properties: { kind: { enum: ['dog', 'cat'] } } });
    // The client-option header is the client's business, not a parameter the kit checks.
    expect(data.routes.flatMap((r) => r.params.map((p) => p.name))).not.toContain('store-id');
    const list = data.routes.find((r) => r.name === 'listPets')!;
    expect(list.params.find((p) => p.name === 'tags')).toMatchObject({ in: 'query', kind: 'array', items: 'string', required: false });
    expect(defaultMockBase(petstore)).toBe('https://api.petstore.test/v1');
  });
});

describe('writing the data', () => {
  const anywhere = (path: Path): { pool: string; name: string } => ({ pool: path[0] === 'answers' ? 'answers' : 'data', name: `part${path.length}` });
  const maps = (path: Path): { pool: string; name: string } | undefined => (path[path.length - 1] === 'properties' ? { pool: 'data', name: 'props' } : undefined);

  it('writes a repeated part once and refers to it, also inside other shared parts, and reads back the same', () => {
    const leaf = { type: 'string', format: 'uuid', maxLength: 36 };
    const node = { kind: 'node', id: leaf, other: leaf };
    const data = { a: node, b: [node, { wrap: node }], c: leaf, answers: [{ type: 'string', format: 'uuid', maxLength: 36 }] };
    const { text, value } = roundTrip(data, anywhere, maps);
    expect(JSON.stringify(value)).toBe(JSON.stringify(data));
    // The node once, the leaf once (inside the node and beside it); the answer pool keeps its own copy.
    expect(text.match(/"kind": "node"/g)).toHaveLength(1);
    expect(text.match(/"format": "uuid"/g)).toHaveLength(2);
  });

  it('spreads a run of properties two objects share, keeping the key order, and writes the whole run as the part', () => {
    const run = { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'boolean' } };
    const data = { x: { properties: { first: { type: 'null' }, ...run, last: { type: 'array' } } }, y: { properties: { ...run } }, z: { properties: { ...run, only: {} } } };
    const { text, value } = roundTrip(data, () => undefined, maps);
    expect(JSON.stringify(value)).toBe(JSON.stringify(data));
    expect(text.match(/"integer"/g)).toHaveLength(1);
    expect(text).toMatch(/\.\.\.props/);
  });

  it('keeps a `__proto__` key as an own property, and long lists of values on few lines', () => {
    const data = JSON.parse('{ "properties": { "__proto__": { "type": "string" } }, "enum": ["AL","AK","AZ","AR","CA","CO","CT","DE","FL","GA","HI","ID","IL","IN","IA","KS","KY","LA","ME","MD","MA","MI","MN","MS","MO","MT","NE","NV","NH","NJ","NM","NY","NC","ND","OH","OK","OR","PA","RI","SC","SD","TN","TX","UT","VT","VA","WA","WV","WI","WY"] }') as Record<string, unknown>;
    const text = literal(data);
    const back = new Function(`return ${text};`)() as { properties: object };
    expect(Object.getPrototypeOf(back.properties)).toBe(Object.prototype);
    expect(JSON.stringify(back)).toBe(JSON.stringify(data));
    expect(text.split('\n').length).toBeLessThan(10);
  });
});

describe.each(repo.map(({ model, spec }) => [model.vendor, model, spec.doc] as const))('%s', (_name, model, doc) => {
  const data = mockData(model, doc);

  it('answers every operation, literal paths first', () => {
    expect(data.routes.map((r) => r.name).sort()).toEqual(model.operations.map((o) => o.name).sort());
    const order = data.routes.map((r) => r.path);
    expect([...order].sort(bySpecificity)).toEqual(order);
  });

  it('embeds every schema its request schemas refer to, and nothing but validation keywords', () => {
    const text = JSON.stringify(data);
    const refs = new Set([...text.matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!.replace(/~1/g, '/').replace(/~0/g, '~')));
    for (const ref of refs) expect(data.defs, ref).toHaveProperty([ref]);
    expect(text).not.toMatch(/"#\/components\//);
    // Annotations are gone (a property may still be named `description`: its value is then a schema, not text).
    expect(JSON.stringify(data.defs)).not.toMatch(/"description":"|"examples":\[|"discriminator":\{"propertyName"|"x-careapis-[a-z-]+":/);
  });

  it("gives every validation answer a field for the message (so a rejected test says why)", () => {
    for (const route of data.routes) expect(route.invalid.body === undefined || route.invalid.slot !== undefined, route.name).toBe(true);
    expect(data.routes.filter((r) => r.invalid.slot).length).toBe(data.routes.length);
  });

  it('the module hands @careapis/core/testing exactly the data read from the spec: its shared parts and spread runs put back in place', async () => {
    const api = await embeddedData(emitTesting(model, doc));
    // Compared as JSON text: the same values, in the same key order.
    expect(JSON.stringify(api.routes)).toBe(JSON.stringify(data.routes));
    expect(JSON.stringify(api.defs)).toBe(JSON.stringify(data.defs));
    expect(api.package).toBe(`@careapis/${model.vendor}`);
    expect(api.defaultBaseUrl).toBe(defaultMockBase(model));
  });

  it('emits a module that names every operation, and a README section after the operations', () => {
    const source = emitTesting(model, doc);
    for (const op of model.operations) expect(source).toContain(`  ${op.name}: paths[`);
    expect(source).not.toMatch(/:\s*any\s*[;,)=>]/);
    const readme = emitReadme(model, doc);
    const section = readme.indexOf('## Testing your integration');
    expect(section).toBeGreaterThan(readme.indexOf('## Operations'));
    expect(readme.slice(section)).toContain(`from "@careapis/${model.vendor}/testing"`);
    expect(readme.slice(section)).toContain('setupServer(...handlers)');
    expect(readme.slice(section)).toMatch(/server\.use\(override\("/);
  });
});
