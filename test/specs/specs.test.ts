/**
 * Every spec in specs/: Redocly lint (repo rules) reports zero problems, invalid examples among
 * them (no-invalid-schema-, -media-type- and -parameter-examples); and every example validates
 * with formats, which Redocly's rules skip (scripts/src/spec/examples.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BaseResolver, lintDocument, loadConfig, Source } from '@redocly/openapi-core';
import { parse } from 'yaml';
import { validateExamples } from '../../scripts/src/spec/examples.js';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const specs = readdirSync(join(ROOT, 'specs')).filter((f) => f.endsWith('.yaml')).sort();

describe.each(specs)('specs/%s', (file) => {
  const path = join(ROOT, 'specs', file);
  const text = readFileSync(path, 'utf8');

  it('passes Redocly lint with zero errors and zero warnings', async () => {
    const config = await loadConfig({ configPath: join(ROOT, 'redocly.yaml') });
    const problems = await lintDocument({
      document: { source: new Source(path, text, 'application/yaml'), parsed: parse(text) as object },
      config: config.styleguide,
      externalRefResolver: new BaseResolver(config.resolve),
    });
    const listed = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(listed).toEqual([]);
  });

  it('has only valid examples, formats included (Ajv, JSON Schema 2020-12)', () => {
    expect(validateExamples(parse(text) as Record<string, never>)).toEqual([]);
    // The check is not vacuous: every spec carries examples.
    expect(text).toMatch(/examples?:/);
  });
});

/** Lint problems of a document, as `ruleId pointer`. */
async function lint(doc: object): Promise<string[]> {
  const config = await loadConfig({ configPath: join(ROOT, 'redocly.yaml') });
  const text = JSON.stringify(doc);
  const problems = await lintDocument({ document: { source: new Source('doc.json', text, 'application/json'), parsed: doc }, config: config.styleguide, externalRefResolver: new BaseResolver(config.resolve) });
  return problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
}

describe('the example rules', () => {
  it('reject a schema example, a media-type example and a parameter example that break their schemas', async () => {
    const schema = { type: 'object', required: ['x'], properties: { x: { type: 'integer' } } };
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1', license: { name: 'MIT' } },
      servers: [{ url: 'https://example.test' }],
      security: [],
      paths: {
        '/a': {
          get: {
            operationId: 'getA',
            summary: 'a',
            description: 'a',
            parameters: [{ name: 'n', in: 'query', schema: { type: 'integer' }, example: 'not a number' }],
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/A' }, examples: { bad: { value: { x: 'text' } } } } } },
              '400': { description: 'bad' },
            },
          },
        },
      },
      components: { schemas: { A: { ...schema, examples: [{ y: 1 }] } } },
    };
    const found = await lint(doc);
    expect(found.some((p) => p.startsWith('no-invalid-schema-examples #/components/schemas/A/examples/0'))).toBe(true);
    expect(found.some((p) => p.startsWith('no-invalid-media-type-examples #/paths/~1a/get/responses/200'))).toBe(true);
    expect(found.some((p) => p.startsWith('no-invalid-parameter-examples #/paths/~1a/get/parameters/0'))).toBe(true);
  });
});

describe('formats, which only the Ajv check sees', () => {
  it('a date and a uuid example that Redocly passes are rejected by validateExamples', async () => {
    const doc = { openapi: '3.1.0', info: { title: 't', version: '1' }, servers: [{ url: 'https://e.test' }], paths: {}, components: { schemas: { D: { type: 'string', format: 'date', examples: ['not a date'] }, U: { type: 'string', format: 'uuid', examples: ['nope'] } } } };
    expect((await lint(doc)).filter((p) => p.includes('examples'))).toEqual([]);
    expect(validateExamples(doc as never).map((p) => p.pointer)).toEqual(['/components/schemas/D/examples/0', '/components/schemas/U/examples/0']);
  });
});
