/** Every spec in specs/: Redocly lint (repo rules) reports zero problems, and every example validates against its schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BaseResolver, lintDocument, loadConfig, Source } from '@redocly/openapi-core';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateExamples } from '../../scripts/src/spec/examples.js';

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

  it('has only valid examples (Ajv, JSON Schema 2020-12)', () => {
    const doc = parse(text) as Record<string, never>;
    expect(validateExamples(doc)).toEqual([]);
    // The check is not vacuous: every spec carries examples.
    expect(text).toMatch(/examples?:/);
  });
});

describe('the example validator', () => {
  it('rejects an example that breaks its schema', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { A: { type: 'object', required: ['x'], properties: { x: { type: 'string', format: 'date' } }, examples: [{ x: 'not a date' }, {}] } } },
    };
    const problems = validateExamples(doc as never);
    expect(problems.map((p) => p.pointer)).toEqual(['/components/schemas/A/examples/0', '/components/schemas/A/examples/1']);
  });
});
