/**
 * What an editor shows on hover at a call site, asked of the TypeScript language service over
 * the built packages (dist/*.d.ts, as users install them): the spec's description of a body
 * field, of a path parameter, and of the operation itself; and a short result type instead of
 * openapi-fetch's `FetchResponse<…>`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// Inside the repository, so `@careapis/*` resolve through its node_modules to the built packages.
const dir = mkdtempSync(join(ROOT, 'test/types/.hover-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCE = `import { createStediClient } from '@careapis/stedi';
const stedi = createStediClient({ apiKey: 'key' });
export async function run() {
  await stedi.createProvider({ body: { name: 'BDQ Dental Inc', npi: '1999999992', taxId: '555123456', taxIdType: 'EIN' } });
  const provider = await stedi.getProvider({ providerId: 'p1' });
  return provider;
}
`;

/** Hover text at the first occurrence of `marker` (at `offset` characters into it) in the source. */
function hover(marker: string, offset = 0): string {
  const file = join(dir, 'call-site.ts');
  writeFileSync(file, SOURCE);
  const options: ts.CompilerOptions = { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, types: [] };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? '') : undefined),
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const position = SOURCE.indexOf(marker) + offset;
  const info = service.getQuickInfoAtPosition(file, position);
  return [ts.displayPartsToString(info?.displayParts), ts.displayPartsToString(info?.documentation), ...(info?.tags ?? []).map((t) => ts.displayPartsToString(t.text))].join('\n');
}

describe('hover at a call site shows the spec', () => {
  it('on a body field: its description', () => {
    const text = hover("npi: '1999999992'");
    expect(text).toContain('npi: string');
    expect(text).toMatch(/National Provider Identifier|NPI/);
    expect(text.split('\n').length).toBeGreaterThan(1);
  });

  it('on a path parameter: its description', () => {
    const text = hover("providerId: 'p1'");
    expect(text).toContain('providerId: string');
    expect(text.length).toBeGreaterThan('(property) providerId: string'.length + 10);
  });

  it('on the method: the operation summary, and a short result type', () => {
    const text = hover('getProvider(', 0);
    expect(text).toContain('Retrieve a provider');
    expect(text).toContain('CareApiPromise<');
    expect(text).not.toContain('FetchResponse');
    expect(text.split('\n').length).toBeLessThan(40);
  });
});
