/**
 * `x-careapis-rate-limit` (specs/README.md): each vendor's published limits reach its generated
 * vendor descriptor, where @careapis/bulk's limiters read them; a malformed or misplaced value, or
 * a limit naming an operation the spec does not have, stops generation with file and pointer.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { vendor as candid } from '@careapis/candid';
import { vendor as carecycle } from '@careapis/carecycle';
import { vendor as certifyos } from '@careapis/certifyos';
import { vendor as stedi } from '@careapis/stedi';
import { vendor as telehealth } from '@careapis/telehealth';
import { checkExtensions } from '../../scripts/src/generate/extensions.js';
import { generate } from '../../scripts/src/generate/generate.js';
import { SpecError } from '../../scripts/src/generate/problems.js';

const ROOT = resolve(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

/** The petstore fixture with `block` inserted into its Info object. */
async function petstoreWith(block: string): Promise<string> {
  const text = await readFile(join(import.meta.dirname, 'fixtures/petstore.yaml'), 'utf8');
  return text.replace('info:\n', `info:\n${block}`);
}

const DESCRIBED = { description: 'Sixty a minute.', source: 'https://docs.example.com/limits' };

describe('x-careapis-rate-limit', () => {
  it('every spec says what its vendor publishes, with a source, and the descriptor carries the limits', async () => {
    for (const name of ['candid', 'carecycle', 'certifyos', 'stedi', 'telehealth']) {
      const doc = parse(await readFile(join(ROOT, 'specs', `${name}.yaml`), 'utf8')) as { info: Record<string, unknown> };
      const published = doc.info['x-careapis-rate-limit'] as { description: string; source: string | string[]; limits: unknown[] } | undefined;
      expect(published, `${name}: info.x-careapis-rate-limit`).toBeDefined();
      expect(published!.description.length, name).toBeGreaterThan(40);
      expect([published!.source].flat().every((s) => s.startsWith('https://')), name).toBe(true);
    }
    expect(candid.rateLimits).toEqual([{ requests: 1000, windowMs: 10_000, scope: 'ip' }]);
    expect(carecycle.rateLimits).toEqual([{ requests: 60, windowMs: 60_000, scope: 'key' }]);
    expect(stedi.rateLimits).toEqual([{ requests: 100, windowMs: 1000, scope: 'account' }]);
    expect(certifyos.rateLimits).toBeUndefined();
    expect(telehealth.rateLimits).toBeUndefined();
  });

  it.each([
    [{ ...DESCRIBED, limits: [{ requests: 0, windowSeconds: 60, scope: 'key' }] }, '`requests`: a whole number, 1 or more'],
    [{ ...DESCRIBED, limits: [{ requests: 60, windowSeconds: -1, scope: 'key' }] }, '`windowSeconds`: a positive number'],
    [{ ...DESCRIBED, limits: [{ requests: 60, windowSeconds: 60, scope: 'user' }] }, '`scope`: key, account or ip'],
    [{ ...DESCRIBED, limits: [{ requests: 60, windowSeconds: 60, scope: 'key', burst: 5 }] }, 'unknown field `burst`'],
    [{ ...DESCRIBED, limits: [{ requests: 60, windowSeconds: 60, scope: 'key', operations: [] }] }, '`operations` must be a non-empty list'],
    [{ description: 'x', limits: [] }, 'needs a `source`'],
    [{ ...DESCRIBED, source: 'http://insecure.example.com' }, 'needs a `source`'],
    [{ source: DESCRIBED.source, limits: [] }, 'needs a `description`'],
    [{ ...DESCRIBED }, 'needs `limits`'],
  ])('refuses %j', (value, message) => {
    const problems = checkExtensions({ info: { 'x-careapis-rate-limit': value } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.pointer).toBe('/info/x-careapis-rate-limit');
    expect(problems[0]!.message).toContain(message);
  });

  it('belongs on the Info object', () => {
    const problems = checkExtensions({ paths: { '/pets': { get: { 'x-careapis-rate-limit': { ...DESCRIBED, limits: [] } } } } });
    expect(problems.map((p) => p.message)).toEqual(['`x-careapis-rate-limit` belongs on the Info object']);
  });

  it('generates a descriptor with the limits, per operation where the spec says so, and refuses an unknown operation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'careapis-gen-rate-'));
    made.push(dir);
    await mkdir(join(dir, 'specs'));
    await cp(join(ROOT, 'redocly.yaml'), join(dir, 'redocly.yaml'));
    const limit = (operations: string): string =>
      `  x-careapis-rate-limit:\n    description: Ten a second, creates two a second.\n    source: https://docs.example.com/limits\n    limits:\n      - { requests: 10, windowSeconds: 1, scope: key }\n      - { requests: 2, windowSeconds: 1, scope: key, operations: [${operations}] }\n`;
    await writeFile(join(dir, 'specs/petstore.yaml'), await petstoreWith(limit('createPet')));
    await generate({ rootDir: dir });
    const client = await readFile(join(dir, 'packages/petstore/src/generated/client.ts'), 'utf8');
    expect(client).toContain('"rateLimits": [');
    expect(client.replace(/\s+/g, '')).toContain('"rateLimits":[{"requests":10,"windowMs":1000,"scope":"key"},{"requests":2,"windowMs":1000,"scope":"key","operations":["createPet"]}]');

    await writeFile(join(dir, 'specs/petstore.yaml'), await petstoreWith(limit('AdoptPet')));
    const error = await generate({ rootDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const problems = (error as SpecError).problems;
    expect(problems.map((p) => [p.pointer, p.message])).toEqual([['/info/x-careapis-rate-limit/limits/1/operations', 'operation "AdoptPet" is not in the spec']]);
  });
});
