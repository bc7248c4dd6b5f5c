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
import { bySpecificity, defaultMockBase, emitTesting, messageSlot, mockData, sampleValue, validationSchema, validationScore } from '../../scripts/src/generate/emit/testing.js';
import type { OpenApiDocument } from '../../scripts/src/generate/spec-types.js';
import { ROOT } from './support.js';

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
