/**
 * Helpers of the test-kit tests: each vendor's built client and test kit, client options made
 * from its spec, example arguments (the README's), and an Ajv check of a body against the schema
 * the spec gives for one response.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { HttpHandler } from 'msw';
import { loadModels } from '../../scripts/src/generate/generate.js';
import type { OperationModel, VendorModel } from '../../scripts/src/generate/model/index.js';
import { exampleArgs } from '../../scripts/src/generate/emit/readme.js';
import { mockData, resolveRef, type MockData } from '../../scripts/src/generate/emit/testing.js';
import { isRef } from '../../scripts/src/generate/pointer.js';
import type { OpenApiDocument, Ref, ResponseObject, Schema } from '../../scripts/src/generate/spec-types.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** A client method: any operation, called with its argument object and per-call options. */
export type Method = (args?: unknown, options?: unknown) => Promise<unknown>;

/** What the built test kit exports, as the tests use it without its per-vendor types. */
export interface Kit {
  handlers: HttpHandler[];
  createHandlers(options?: { baseUrl?: string; environment?: string; validate?: boolean }): HttpHandler[];
  override(operation: string, response: { status: number; body?: unknown; headers?: Record<string, string> }, options?: { baseUrl?: string; validate?: boolean; once?: boolean }): HttpHandler;
  examples: Record<string, { status: number; body?: unknown }>;
}

/** One vendor, loaded: its model and spec, the data its kit embeds, and its built modules. */
export interface Vendor {
  model: VendorModel;
  doc: OpenApiDocument;
  data: MockData;
  client(options?: Record<string, unknown>): Record<string, Method>;
  kit: Kit;
  /** The error class of the vendor's package. */
  CareApiError: new (...args: never[]) => Error & { status: number; body: unknown };
}

/** Every vendor of specs/, with its built package (`npm run build` first). */
export async function loadVendors(): Promise<Vendor[]> {
  const loaded = await loadModels(ROOT);
  return Promise.all(
    loaded.map(async ({ model, spec }) => {
      const dist = (file: string): string => pathToFileURL(resolve(ROOT, 'packages', model.vendor, 'dist', file)).href;
      const main = (await import(dist('index.js'))) as Record<string, unknown>;
      const kit = (await import(dist('testing.js'))) as Kit;
      const create = main[`create${model.typeName}Client`] as (options: Record<string, unknown>) => Record<string, Method>;
      return {
        model,
        doc: spec.doc,
        data: mockData(model, spec.doc),
        client: (options = {}) => create({ ...clientOptions(model), ...options }),
        kit,
        CareApiError: main.CareApiError as Vendor['CareApiError'],
      };
    }),
  );
}

/** Options a test gives a vendor's client: made-up credentials of the right kind, no retries. */
export function clientOptions(model: VendorModel): Record<string, unknown> {
  const options: Record<string, unknown> = { maxRetries: 0 };
  if (model.serverTemplate) options.baseUrl = model.serverTemplate.replace(/\{[^}]+\}/g, 'your-host.example');
  const auth = model.auth;
  if (auth?.type === 'apiKey') options.apiKey = `${auth.prefix ?? ''}test-api-key`;
  else if (auth?.type === 'bearer' && auth.token) Object.assign(options, { clientId: 'test-client-id', clientSecret: 'test-client-secret' });
  else if (auth?.type === 'bearer') options.token = 'test-token';
  for (const option of Object.keys(model.clientOptions)) options[option] = `test-${option}`;
  return options;
}

/** The README's example arguments of an operation, as a value (the README writes them as a TypeScript literal that is also JavaScript). */
export function argsOf(op: OperationModel): Record<string, unknown> | undefined {
  const source = exampleArgs(op);
  return source === undefined ? undefined : (new Function(`return (${source});`)() as Record<string, unknown>);
}

/**
 * Checks bodies against the schemas of a spec's responses with Ajv (JSON Schema 2020-12, formats
 * on), the way the spec tests check examples: the operation's response for the status (or its
 * `4XX`/`default`), else, for an operation that documents no such status, the same status of any
 * other operation (the kit answers those with the vendor's usual error). Returns what is wrong.
 */
export function responseChecker(doc: OpenApiDocument): (op: OperationModel, status: number, body: unknown) => string | undefined {
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('password', true);
  const id = 'urn:careapis:kit-test';
  ajv.addSchema({ ...doc, $id: id } as object, id);
  const responsesOf = (path: string, method: string): Record<string, ResponseObject | Ref> => ((doc.paths?.[path]?.[method] ?? {}) as { responses?: Record<string, ResponseObject | Ref> }).responses ?? {};
  const checkOne = (path: string, method: string, key: string, body: unknown): string | undefined => {
    const response = resolveRef<ResponseObject>(doc, responsesOf(path, method)[key]!);
    const media = Object.keys(response?.content ?? {}).find((m) => m.includes('json'));
    if (!media) return body === undefined ? undefined : `response ${key} has no JSON body, got one`;
    const schema = response!.content![media]!.schema as Schema | Ref | undefined;
    if (!schema) return undefined;
    const validate = ajv.compile({ $ref: `${id}#${isRef(schema) ? schema.$ref.slice(1) : pointerTo(doc, path, method, key, media)}` });
    return validate(body) ? undefined : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
  };
  return (op, status, body) => {
    const method = op.method.toLowerCase();
    const own = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responsesOf(op.path, method)[k]);
    if (own) return checkOne(op.path, method, own, body);
    const elsewhere = Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item).filter((m) => responsesOf(path, m)[String(status)]).map((m) => [path, m] as const));
    if (!elsewhere.length) return body === undefined ? undefined : `no operation documents ${status}, yet the answer has a body`;
    const results = elsewhere.map(([path, m]) => checkOne(path, m, String(status), body));
    return results.includes(undefined) ? undefined : results[0];
  };
}

const escape = (s: string): string => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));

/** JSON pointer of an inline response schema: through the operation, or through the component response it refers to. */
function pointerTo(doc: OpenApiDocument, path: string, method: string, key: string, media: string): string {
  const responses = ((doc.paths?.[path]?.[method] ?? {}) as { responses: Record<string, ResponseObject | Ref> }).responses;
  const raw = responses[key]!;
  const base = isRef(raw) ? raw.$ref.slice(1) : `/paths/${escape(path)}/${method}/responses/${escape(key)}`;
  return `${base}/content/${escape(media)}/schema`;
}

/** The resolved top-level schema of an operation's JSON request body, if it is an object schema. */
export function bodySchema(doc: OpenApiDocument, op: OperationModel): Schema | undefined {
  const object = (doc.paths?.[op.path]?.[op.method.toLowerCase()] ?? {}) as { requestBody?: unknown };
  const body = resolveRef<{ content?: Record<string, { schema?: Schema | Ref }> }>(doc, object.requestBody as Ref);
  const schema = resolveRef<Schema>(doc, body?.content?.['application/json']?.schema as Schema | Ref);
  return schema?.properties ? schema : undefined;
}

/** One request the vendor would reject, made from its spec: the example call with its body changed. */
export interface InvalidCase {
  label: string;
  op: OperationModel;
  body: Record<string, unknown>;
  /** The body field in error. */
  field: string;
}

/** For each operation with a JSON object body: the example without its first required field, and with one enum and one pattern broken. */
export function invalidBodyCases(vendor: Pick<Vendor, 'model' | 'doc'>): InvalidCase[] {
  return vendor.model.operations.flatMap((op) => {
    const schema = op.multipart ? undefined : bodySchema(vendor.doc, op);
    const example = argsOf(op)?.body as Record<string, unknown> | undefined;
    if (!schema || typeof example !== 'object' || example === null || Array.isArray(example)) return [];
    const cases: InvalidCase[] = [];
    const required = (schema.required ?? []).find((key) => key in example);
    if (required) {
      const { [required]: _dropped, ...rest } = example;
      cases.push({ label: `${op.name} without required "${required}"`, op, body: rest, field: required });
    }
    for (const [key, raw] of Object.entries(schema.properties ?? {})) {
      const prop = resolveRef<Schema & { pattern?: string }>(vendor.doc, raw as Schema | Ref);
      if (!(key in example) || !prop) continue;
      if (prop.enum && !cases.some((c) => c.label.includes('enum'))) cases.push({ label: `${op.name} with "${key}" outside its enum`, op, body: { ...example, [key]: 'NOT-IN-THE-ENUM' }, field: key });
      if (prop.pattern && !cases.some((c) => c.label.includes('pattern'))) cases.push({ label: `${op.name} with "${key}" breaking its pattern`, op, body: { ...example, [key]: '\u00a7 no pattern matches this \u00a7' }, field: key });
    }
    return cases;
  });
}
