/** The package README: install, auth, environments, and one runnable example per operation. */
import type { Parameter, Json, Schema, Ref, OpenApiDocument } from '../spec-types.js';
import type { OperationModel, VendorModel } from '../model/index.js';
import { mdHeader } from './header.js';

import { envVariable } from './facade.js';
import { overrideExample } from './testing.js';
import { argsOptional, propertyKey, typeNames } from './types.js';

/** A JSON value as a TypeScript literal, with bare keys where they are identifiers. */
export function tsLiteral(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object' || v === null)) return `[${value.map((v) => tsLiteral(v)).join(', ')}]`;
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)}`).join(',\n')},\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${tsLiteral(v, inner)}`).join(',\n')},\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Values by string format: what a reader would pass, never a schema placeholder. */
const BY_FORMAT: Record<string, string> = {
  uuid: '3f2b8c1e-6d4a-4e8b-9c2f-7a1d5e9b0c34',
  date: '2025-01-15',
  'date-time': '2025-01-15T09:30:00Z',
  email: 'name@example.com',
  uri: 'https://example.com/documents/1',
  url: 'https://example.com/documents/1',
};

/** A placeholder a schema-driven tool leaves in examples: `"string"`, `""`, `"id-example"`. */
const isPlaceholder = (value: unknown): boolean => typeof value === 'string' && /^(|string|string@string\.com|[\w.-]+-example)$/.test(value);

/**
 * A real-looking string for a field or parameter, from its format, else its name (generic rules, no
 * vendor's names): an NPI that passes the Luhn check, an email, a date, a UUID for identifiers.
 */
export function realisticString(name: string, format?: string): string {
  if (format && BY_FORMAT[format]) return BY_FORMAT[format];
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const rules: [RegExp, string][] = [
    [/npis?$/, '1234567893'],
    [/emails?$/, BY_FORMAT.email!],
    [/(date|dates|on)$/, BY_FORMAT.date!],
    [/at$/, BY_FORMAT['date-time']!],
    [/(url|uri|link)s?$/, BY_FORMAT.uri!],
    [/ids?$/, BY_FORMAT.uuid!],
    [/firstname$/, 'Ada'],
    [/middlename$/, 'M'],
    [/lastname$/, 'Quinn'],
    [/phone(number)?s?$/, '5551234567'],
    [/states?$/, 'CA'],
    [/(zip|zipcode|postalcode)$/, '94107'],
    [/city$/, 'San Francisco'],
  ];
  const found = rules.find(([pattern]) => pattern.test(key));
  if (found) return found[1];
  // Anything else: the name in words, `group_name` → "Example group name".
  const words = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return `Example ${words || 'value'}`;
}

/** True for a 10-digit NPI whose last digit is the Luhn check digit over `80840` and the first nine (the NPI standard's rule). */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`.split('').map(Number).reverse();
  const sum = digits.reduce((total, d, i) => total + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return sum % 10 === 0;
}

/** An NPI-named field (`npi`, `group_npi`, `providerNpis`). */
const isNpiKey = (key: string): boolean => /npis?$/i.test(key.replace(/[^a-z0-9]/gi, ''));

/** An example with every placeholder string, and every NPI that fails its check digit, replaced by {@link realisticString} of its key (array items take their array's key). */
export function realistic(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((item) => realistic(item, key));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, realistic(v, k)]));
  if (typeof value === 'string' && isNpiKey(key) && !isValidNpi(value)) return realisticString(key);
  return isPlaceholder(value) ? realisticString(key) : value;
}

/** A value for a parameter in an example: the spec's example, default or first enum value, else one made from its format and name. */
function exampleValue(param: Parameter): Json {
  const schema = param.schema && !('$ref' in param.schema) ? (param.schema as Schema) : undefined;
  const given = param.example ?? Object.values(param.examples ?? {}).flatMap((ex) => ('value' in ex && ex.value !== undefined ? [ex.value] : []))[0] ?? schema?.examples?.[0] ?? schema?.example ?? schema?.default ?? schema?.enum?.[0];
  if (given !== undefined && !isPlaceholder(given)) return realistic(given as Json, param.name);
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') {
    const items = schema?.items && !('$ref' in (schema.items as Ref)) ? (schema.items as Schema) : undefined;
    const item = items?.examples?.[0] ?? items?.enum?.[0];
    return [item !== undefined && !isPlaceholder(item) ? (item as Json) : realisticString(param.name, items?.format)];
  }
  return realisticString(param.name, schema?.format);
}

/** An operation's example parameters under their argument keys (each required one, and each optional one the spec gives an example), and its body example. */
function exampleParts(op: OperationModel): { params: Record<string, Json>; body: Json | undefined } {
  const params: Record<string, Json> = {};
  for (const arg of op.args) {
    const p = op.parameters.find((q) => q.name === arg.name && q.in === arg.in);
    if (!p) continue;
    const isPageParam = op.pagination && [op.pagination.cursor?.param, op.pagination.offset?.param].includes(p.name);
    if (!arg.required && (isPageParam || (p.example === undefined && !p.examples))) continue;
    params[arg.key] = exampleValue(p);
  }
  return { params, body: op.body && op.bodyExample !== undefined ? realistic(op.bodyExample) : undefined };
}

/** An operation's example arguments as values; undefined when they cannot be made from the spec's JSON (a multipart body, a required body without an example). */
export function exampleArgValues(op: OperationModel): Record<string, Json> | undefined {
  const { params, body } = exampleParts(op);
  if (op.multipart || (op.body?.required && body === undefined)) return undefined;
  return body === undefined ? params : { ...params, body };
}

/** `{ providerId: ..., pageSize: ..., body: ... }`: an operation's example arguments as TypeScript, or undefined when it needs none. */
export function exampleArgs(op: OperationModel): string | undefined {
  const { params, body } = exampleParts(op);
  const parts = Object.entries(params).map(([key, value]) => `  ${propertyKey(key)}: ${tsLiteral(value, '  ')}`);
  if (op.multipart) parts.push(`  body: ${multipartExample(op.bodyExample)}`);
  else if (body !== undefined) parts.push(`  body: ${tsLiteral(body, '  ')}`);
  if (!parts.length) return undefined;
  return `{\n${parts.join(',\n')},\n}`;
}

/** A file placeholder in a multipart example: `(binary contents of w9.pdf)`. */
const FILE_PLACEHOLDER = /^\(binary contents of [^)]+\)$/;

/** A multipart body example: file fields (a list of strings, or one file placeholder) become Blobs. */
function multipartExample(example: Json | undefined): string {
  if (typeof example !== 'object' || example === null || Array.isArray(example)) return '{}';
  const blob = `new Blob(["%PDF-1.7 ..."], { type: "application/pdf" })`;
  const fields = Object.entries(example).map(([key, value]) => {
    const isFileList = Array.isArray(value) && value.every((v) => typeof v === 'string');
    const isFile = typeof value === 'string' && FILE_PLACEHOLDER.test(value);
    const rendered = isFileList ? `[${blob}]` : isFile ? blob : tsLiteral(value, '    ');
    return `    ${propertyKey(key)}: ${rendered}`;
  });
  return `{\n${fields.join(',\n')},\n  }`;
}

/** The client options of the examples, read from environment variables. */
function exampleOptions(model: VendorModel): string[] {
  const opts: string[] = [];
  const env = (option: string): string => envVariable(model.vendor, option);
  if (model.serverTemplate) opts.push(`baseUrl: process.env.${env('baseUrl')} ?? "${model.serverTemplate.replace(/\{[^}]+\}/g, 'your-host.example')}"`);
  const auth = model.auth;
  if (auth?.type === 'apiKey') opts.push(`apiKey: process.env.${env('apiKey')} ?? ""`);
  if (auth?.type === 'bearer' && auth.token) {
    opts.push(`clientId: process.env.${env('clientId')} ?? ""`, `clientSecret: process.env.${env('clientSecret')} ?? ""`);
  } else if (auth?.type === 'bearer') {
    opts.push(`token: process.env.${env('token')} ?? ""`);
  }
  for (const option of Object.keys(model.clientOptions)) opts.push(`${option}: process.env.${env(option)} ?? ""`);
  return opts;
}

/** The variable name of the client in the examples. */
export const clientVar = (model: VendorModel): string => model.vendor.replace(/-/g, '');

/** The client-creation snippet every example starts from: `create<Vendor>Client`, or with `base` the methodless client of the single-operation form. */
export function setupSnippet(model: VendorModel, imports: string[] = [], base = false, paginators = true): string {
  // The paginators come with the main setup, so the examples after it can use them.
  const factory = `create${model.typeName}${base ? 'Base' : 'Client'}`;
  const names = [factory, ...(base || !paginators ? [] : model.operations.flatMap((op) => (op.pagination ? [op.pagination.name] : []))), ...imports];
  return `import { ${names.join(', ')} } from "@careapis/${model.vendor}";\n\nconst ${clientVar(model)} = ${factory}({\n${exampleOptions(model).map((o) => `  ${o},`).join('\n')}\n});`;
}

/** The example call of one operation: `client.op(args)` or, with `single`, `op(client, args)`. */
export function operationSnippet(model: VendorModel, op: OperationModel, single = false): string {
  const args = exampleArgs(op);
  const client = clientVar(model);
  const call = single ? `${op.name}(${client}${args ? `, ${args}` : ''})` : `${client}.${op.name}(${args ?? ''})`;
  return `const ${resultName(op)} = await ${call};\nconsole.log(${resultName(op)});`;
}

/** A variable name for what an operation returns: `provider` for getProvider, `result` otherwise. */
function resultName(op: OperationModel): string {
  const match = /^(get|create|update|list)([A-Z]\w*)$/.exec(op.name);
  if (!match?.[2]) return 'result';
  const noun = match[2][0]!.toLowerCase() + match[2].slice(1);
  return match[1] === 'list' ? 'page' : ['delete', 'body', 'args', 'options', 'console'].includes(noun) ? 'result' : noun;
}

/** A whole module making one call, for the size gate: the single-operation form, or with `method` the client's method. */
export function oneCallModule(model: VendorModel, method = false): string {
  const op = model.operations.find((o) => o.method === 'GET' && o.args.length > 0) ?? model.operations.find((o) => o.method === 'GET') ?? model.operations[0];
  if (!op) return '';
  return `${setupSnippet(model, method ? [] : [op.name], !method)}\n${operationSnippet(model, op, !method)}\n`;
}

/** A file of the careapis repository, which the package does not ship: `shared/seeds/…`, `specs/x.yaml`, a source path. */
export const REPOSITORY_FILE = /(^|[\s`(])(shared|specs|scripts|packages|test|bench)\/[\w./-]+|\b[\w-]+\.(ya?ml|txt)\b/;

/** The first paragraph of a description. */
const firstParagraph = (text: string): string => text.trim().split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ') ?? '';

/** Made-up client options for tests: credentials of the right kind, a host for an API without a public one. */
function testOptions(model: VendorModel): string[] {
  const opts: string[] = [];
  if (model.serverTemplate) opts.push(`baseUrl: "${model.serverTemplate.replace(/\{[^}]+\}/g, 'your-host.example')}"`);
  const auth = model.auth;
  if (auth?.type === 'apiKey') opts.push(`apiKey: "${auth.prefix ?? ''}test-api-key"`);
  else if (auth?.type === 'bearer' && auth.token) opts.push('clientId: "test-client-id"', 'clientSecret: "test-client-secret"');
  else if (auth?.type === 'bearer') opts.push('token: "test-token"');
  for (const option of Object.keys(model.clientOptions)) opts.push(`${option}: "test-${option}"`);
  return opts;
}

/** The "Testing your integration" section: the test kit with vitest, `setupServer(...handlers)` and one override. */
export function testingSection(model: VendorModel, doc: OpenApiDocument): string[] {
  const pkg = `@careapis/${model.vendor}`;
  const client = clientVar(model);
  // A read by id shows both answers best: a GET with a path parameter and a JSON body, else any call with a JSON body.
  const withBody = model.operations.filter((o) => o.successes.some((s) => s.media) && !o.noAuth);
  const op = withBody.find((o) => o.method === 'GET' && o.args.some((a) => a.in === 'path') && overrideExample(doc, o)) ?? withBody.find((o) => o.method === 'GET' && o.args.length > 0) ?? withBody[0] ?? model.operations[0];
  if (!op) return [];
  const args = exampleArgs(op) ?? '';
  const call = `${client}.${op.name}(${args.replace(/\n/g, '\n  ')})`;
  // The error body comes from the spec's schema: its placeholder strings become real-looking values, as in the other examples.
  const example = overrideExample(doc, op);
  const failure = example && { ...example, body: realistic(example.body) };
  const imports = ['examples', 'handlers', ...(failure ? ['override'] : [])];
  const lines = [
    'import { setupServer } from "msw/node";',
    'import { afterAll, afterEach, beforeAll, expect, it } from "vitest";',
    `import { create${model.typeName}Client } from "${pkg}";`,
    `import { ${imports.join(', ')} } from "${pkg}/testing";`,
    '',
    'const server = setupServer(...handlers);',
    'beforeAll(() => server.listen({ onUnhandledRequest: "error" }));',
    'afterEach(() => server.resetHandlers());',
    'afterAll(() => server.close());',
    '',
    `const ${client} = create${model.typeName}Client({ ${testOptions(model).join(', ')} });`,
    '',
    `it("${op.name} answers with the spec's example", async () => {`,
    `  const result = await ${call};`,
    `  expect(result).toEqual(examples.${op.name}.body);`,
    '});',
  ];
  if (failure) {
    lines.push(
      '',
      `it("${op.name} fails with ${failure.status}", async () => {`,
      `  server.use(override("${op.name}", { status: ${failure.status}, body: ${tsLiteral(failure.body, '  ')} }));`,
      `  await expect(${call}).rejects.toMatchObject({ status: ${failure.status} });`,
      '});',
    );
  }
  const where = model.environments[0] ? `the default environment (\`${model.environments[0].url}\`)` : 'any host';
  return [
    '## Testing your integration',
    '',
    `\`${pkg}/testing\` has [MSW](https://mswjs.io) request handlers made from the same spec as the client, so your tests run your code and this client without calling ${model.title}. Every operation answers at ${where} with its documented success status and the spec's example; a request ${model.title} would reject — no credentials, a missing or malformed parameter or body field, a content type it does not take — gets ${model.title}'s own error status and body, with a message saying what is wrong, so a test fails the way production would.${model.auth?.type === 'bearer' && model.auth.token ? " The token endpoint is answered too: client credentials work as they are." : ''} It needs msw 2 and openapi-msw (optional peer dependencies: installing the client alone never pulls them in):`,
    '',
    '```sh',
    'npm install --save-dev msw@2 openapi-msw',
    '```',
    '',
    '```ts',
    ...lines,
    '```',
    '',
    "msw's types refer to DOM types (`MessageEvent`, `RequestMode`…): the tsconfig of your tests needs `\"lib\": [\"es2022\", \"dom\"]`.",
    '',
    `\`override(operation, { status, body, headers })\` answers one operation your way: \`body\` is type-checked against the operation's response for that \`status\`, and requests are still checked unless you pass \`{ validate: false }\` (\`{ once: true }\` answers one request only). For a client created with \`baseUrl\`, use \`createHandlers({ baseUrl })\` instead of \`handlers\`. For answers computed from the request, \`http\` is [openapi-msw](https://github.com/christoph-fricke/openapi-msw)'s typed \`http\` at the same base URL: \`http.get(path, ({ params, response }) => response(200).json(...))\`.`,
    '',
  ];
}

/** README.md of the package. */
export function emitReadme(model: VendorModel, doc?: OpenApiDocument): string {
  const pkg = `@careapis/${model.vendor}`;
  const client = model.vendor.replace(/-/g, '');
  // The header names no file: the README ships, the spec does not.
  const header = mdHeader(model).replace(` from ${model.specFile} `, ' from its OpenAPI spec ');
  const out: string[] = [header, `# ${pkg}`, '', `Typed, tiny client for **${model.title}** (API version ${model.apiVersion}), generated from its OpenAPI spec, written by hand for careapis.`, ''];
  // The whole description (what the package covers and what it does not yet), less the paragraphs that cite files of the repository: they do not ship.
  const description = model.description.trim().split(/\n\s*\n/).filter((para) => !REPOSITORY_FILE.test(para)).join('\n\n');
  if (description) out.push(description, '');
  out.push('## Install', '', '```sh', `npm install ${pkg}`, '```', '', `Node ${'>='}20.19, ESM and CommonJS, types included. Its only dependency is \`@careapis/core\` (the shared runtime, on openapi-fetch).`, '');
  out.push(
    `From tarballs instead of the npm registry (before a release, or in a folder your team shares): install this package's tarball and \`@careapis/core\`'s in one command, \`npm install ./careapis-core-<version>.tgz ./careapis-${model.vendor}-<version>.tgz\`; a tarball alone asks the registry for \`@careapis/core\`. A private registry (verdaccio, for one) takes both with \`npm publish <tarball> --registry <url>\`.`,
    '',
  );
  const quick = model.operations.find((o) => o.method === 'GET' && o.args.length > 0) ?? model.operations.find((o) => o.method === 'GET') ?? model.operations[0];
  if (quick) {
    const vars = exampleOptions(model).map((o) => /process\.env\.(\w+)/.exec(o)?.[1]).filter(Boolean);
    const names = vars.map((v) => `\`${v}\``);
    out.push('## Quick start', '', `Set ${[names.slice(0, -1).join(', '), names.at(-1)].filter(Boolean).join(' and ')}, then:`, '', '```ts', `${setupSnippet(model, [], false, false)}\n\n${operationSnippet(model, quick)}`, '```', '');
  }

  out.push('## Authentication', '');
  const auth = model.auth;
  if (auth?.type === 'apiKey') {
    out.push(`Pass your API key as \`apiKey\`; it is sent in the \`${auth.header}\` header${auth.header === 'authorization' ? ' as is (no `Bearer` prefix)' : ''}.${auth.prefix ? ` ${model.title} keys begin with \`${auth.prefix}\`: any other value is rejected when the client is created, without echoing it.` : ''}`, '');
  } else if (auth?.type === 'bearer' && auth.token) {
    out.push(
      `Pass \`clientId\` and \`clientSecret\`: the client mints a bearer token at \`POST ${auth.token.path}\` on first use, caches it, refreshes it before it expires (lifetime ${auth.token.expiresIn ? `from \`${auth.token.expiresIn}\`, else ` : ''}${auth.token.lifetimeSeconds} s), keeps one refresh in flight, and on a 401 refreshes once and retries once. Or pass a \`token\` you already have (a string, or a function returning one).`,
      '',
    );
  } else if (auth?.type === 'bearer') {
    out.push('Pass `token`: a bearer token, or a function returning one (called for every request).', '');
  }
  if (auth?.description) out.push(`> ${firstParagraph(auth.description)}`, '');
  for (const [option, header] of Object.entries(model.clientOptions)) out.push(`\`${option}\` is required: it is sent as the \`${header}\` header on every call.`, '');

  out.push('## Environments', '');
  if (model.serverTemplate) {
    out.push(`${model.title} has no public host: \`baseUrl\` is required (the spec's server is \`${model.serverTemplate}\`). It must be an absolute http(s) URL.`, '');
  } else {
    out.push('| `environment` | base URL |', '| --- | --- |', ...model.environments.map((e, i) => `| \`${e.name}\`${i === 0 ? ' (default)' : ''} | ${e.url} |`), '', 'Pass `baseUrl` to send requests elsewhere (a proxy, a mock server).', '');
  }

  const first = model.operations.find((o) => o.method === 'GET' && o.args.length > 0) ?? model.operations[0];
  out.push('## Usage', '', '```ts', setupSnippet(model, ['CareApiError']), '```', '');
  out.push(
    "Every method takes one object: the vendor's path, query and header parameters under their names in the spec, and the request body under `body`. It resolves to the success body, typed from the spec, and rejects with an error of the `CareApiError` family for everything else. Per-call options (`signal`, `timeout`, `maxRetries`, `headers`) go in a second argument. Timeouts, retries and logging are described in the README of [@careapis/core](https://www.npmjs.com/package/@careapis/core).",
    '',
  );
  if (first) {
    const args = exampleArgs(first);
    const call = `${client}.${first.name}(${args ?? ''}${args ? ', ' : '{}, '}{ timeout: 10_000 })`;
    out.push('### Errors', '', 'HTTP errors, connection failures, timeouts, aborts and unreadable bodies all reject the same promise. An HTTP error is a `CareApiError` with `status`, `kind` (`badRequest`, `unauthorized`, `forbidden`, `notFound`, `conflict`, `unprocessable`, `rateLimited`, `server`, `other`), the vendor\'s message, the request id, the headers and the error body typed per status; secrets are redacted from all of them.', '');
    out.push('```ts', `try {\n  const result = await ${call.replace(/\n/g, '\n  ')};\n  console.log(result);\n} catch (error) {\n  if (error instanceof CareApiError) console.error(error.kind, error.status, error.vendorMessage, error.requestId);\n  else throw error;\n}`, '```', '');
    out.push('### Status, headers and request id', '', '`.withResponse()` on any call gives the body together with the response, from the same request:', '');
    out.push('```ts', `const { data, response, requestId } = await ${client}.${first.name}(${args ?? ''}).withResponse();\nconsole.log(response.status, requestId, data);`, '```', '');
  }
  const named = model.schemas.slice(0, 2).map((schema) => schema.typeName);
  if (first && named.length) {
    const T = typeNames(first);
    out.push('### Types', '', `Every schema of the spec is exported by name (\`${named.join('`, `')}\`…), and every operation has its argument, result and error types (\`${T.args}\`, \`${T.result}\`, \`${T.error}\`).`, '');
  }
  out.push("`rawClient(client)` gives the openapi-fetch client (`GET`, `POST`…, `use` for middleware), whose calls return openapi-fetch's `{ data, error, response }`; `unwrap(result)` turns one into data or a thrown `CareApiError`.", '');

  out.push(...paginationSection(model), ...errorClassesSection());

  out.push('## Operations', '');
  for (const op of model.operations) {
    out.push(`### \`${client}.${op.name}\` — ${op.summary}`, '', `\`${op.method} ${op.path}\`${op.idempotent ? ' · retried on transient failures (idempotent)' : ''}${op.deprecated ? ' · **deprecated**' : ''}`, '');
    const para = firstParagraph(op.description);
    if (para && para !== op.summary) out.push(para, '');
    out.push('```ts', operationSnippet(model, op), '```', '');
    if (op.pagination) {
      const args = exampleArgs(op);
      const rest = argsOptional(op) ? '' : `, ${args ?? '{}'}`;
      out.push(`Every item, across pages, with the paginator \`${op.pagination.name}\` (\`.pages()\` gives whole pages):`, '', '```ts', `for await (const item of ${op.pagination.name}(${client}${rest})) {\n  console.log(item);\n}`, '```', '');
    }
  }
  // Blocks with their own imports come last: each starts a new file when the examples are type-checked.
  for (const guide of model.guides) out.push(`## ${guide.title}`, '', guide.description.trim(), '', '```ts', guide.code.trimEnd(), '```', '');
  if (doc) out.push(...testingSection(model, doc));
  if (first) {
    const args = exampleArgs(first);
    out.push('## Smaller bundles: one operation at a time', '', `\`create${model.typeName}Client\` carries every operation. For the smallest bundle, import single operations and pass them a client made by \`create${model.typeName}Base\`: a bundle then carries only the operations it imports, however large the API grows. Paginators take either client.`, '');
    out.push('```ts', `${setupSnippet(model, [first.name], true)}\n\nconsole.log(await ${first.name}(${client}${args ? `, ${args}` : ''}));`, '```', '');
  }
  out.push(...runtimesSection(), ...versioningSection());
  return `${out.join('\n').trimEnd()}\n`;
}

/** `## Pagination`: how paged lists are read, with the vendor's first paginator; or that nothing is paged. */
function paginationSection(model: VendorModel): string[] {
  const paged = model.operations.filter((op) => op.pagination);
  const first = paged[0];
  if (!first?.pagination) return ['## Pagination', '', `No operation of the ${model.title} is paged: each list comes whole in one answer.`, ''];
  const p = first.pagination;
  const how = p.cursor ? `a cursor: the answer's \`${p.cursor.next}\` goes back as \`${p.cursor.param}\`` : p.offset ? `an offset: \`${p.offset.param}\` moves by \`${p.offset.limit}\` until a short page` : 'pages';
  const args = argsOptional(first) ? '' : `, ${exampleArgs(first) ?? '{}'}`;
  const client = clientVar(model);
  return [
    '## Pagination',
    '',
    `Paged lists (${paged.map((op) => `\`${op.name}\``).join(', ')}) have a paginator each (${paged.map((op) => `\`${op.pagination!.name}\``).join(', ')}), which follows ${how}, and yields ${p.items ? `the items of \`${p.items}\`` : 'the items of each page (a bare array)'} one at a time; \`.pages()\` yields whole pages instead. It takes the same arguments and per-call options as the method, and a \`break\` stops it without fetching further pages.`,
    '',
    '```ts',
    `for await (const page of ${p.name}(${client}${args}).pages()) {\n  console.log(page);\n}`,
    '```',
    '',
  ];
}

/** `## Error classes`: every error a call or a client's creation can throw, with the dual-package note. */
function errorClassesSection(): string[] {
  return [
    '## Error classes',
    '',
    'Every error thrown is a `CareApiBaseError`. None carries a credential: keys, tokens and secrets are redacted from messages, headers and bodies.',
    '',
    '| class | thrown when | what it carries |',
    '| --- | --- | --- |',
    '| `CareApiConfigError` | options are missing or malformed: at client creation, before any request, or in a call\'s options | the message names the option, never its value |',
    '| `CareApiError` | the vendor answered with an error status | `status`, `kind`, `vendorMessage`, `requestId`, `headers`, `body` (typed per status), `attempts`, `vendor`, `operationId` |',
    '| `CareApiAuthError` | a token could not be had from client credentials (the token endpoint refused, or could not be reached) | `status`, `vendorMessage`, `requestId`, `cause` |',
    '| `CareApiRequestError` | parent of the four below: no usable response | `context`: vendor, operation, method, URL without query, attempts |',
    '| `CareApiConnectionError` | the connection failed (refused, reset, DNS) on every attempt | `context`, `cause` |',
    '| `CareApiTimeoutError` | every attempt ran past the timeout | `context` |',
    '| `CareApiAbortError` | the caller\'s `signal` fired | `context`, `cause` |',
    '| `CareApiParseError` | the body does not parse as the spec says (HTML instead of JSON) | `context`, `status` |',
    '',
    "`isCareApiError(error, operationId?)` narrows to `CareApiError`, typed per status with the operation's error type, and `isCareApiBaseError(error)` to any of them. Prefer them to `instanceof`: an application that loads both this package's ESM build and its CommonJS build (your code `import`s it while a CommonJS dependency `require`s it) has two copies of every class, and an error of one copy fails `instanceof` against the other; the two functions recognise errors of either copy.",
    '',
  ];
}

/** `## Runtimes`: what is tested, what is expected to work, and the Node policy. */
function runtimesSection(): string[] {
  return [
    '## Runtimes',
    '',
    '- **Node.js 20.19+, 22 and 24**: tested on every change, ESM and CommonJS, every package loaded and called.',
    '- **Node.js 20** reached its end of life on 30 April 2026. The packages keep supporting and testing it until their next major version, which will require Node 22; dropping a Node line is always a major version.',
    '- **Bun, Deno, Cloudflare Workers, Vercel Edge and browsers**: the runtime uses only web APIs (`fetch`, `AbortController`, `URL`, `Headers`, `Blob`/`FormData`) and no Node built-in, so they are expected to work, but they are **not tested**. Pass `fetch` if yours needs a particular one. Never ship credentials to a browser.',
    '- TypeScript 5.9 and 7, `moduleResolution` `bundler`, `node16` and `nodenext`: the types are checked in a fresh project on each change.',
    '',
  ];
}

/** `## Versioning and deprecation`: semver per package, what counts as breaking, how deprecations go. */
function versioningSection(): string[] {
  return [
    '## Versioning and deprecation',
    '',
    'Each package has its own version and follows semantic versioning; a changelog entry comes with every release.',
    '',
    '- **Patch**: fixes, documentation, and spec corrections that change no type a caller uses.',
    '- **Minor**: new operations, new optional parameters or fields, new options.',
    '- **Major**: a removed or renamed operation, parameter, field or option; a field that becomes required; a type that narrows; a dropped Node.js line.',
    '- **Before 1.0** (`0.x`), a breaking change bumps the minor version (`0.1` → `0.2`), which a `^0.1.0` range does not pick up.',
    '- **Deprecation**: an operation or field the vendor deprecates is marked `@deprecated` in its doc comment (your editor strikes it through) and **deprecated** in this README. It keeps working while the vendor serves it, and is removed only in a major version, once the vendor has removed it.',
    '',
  ];
}
