/** The package README: install, auth, environments, and one runnable example per operation. */
import type { Parameter, Json, Schema, Ref } from '../spec-types.js';
import type { OperationModel, VendorModel } from '../model.js';
import { mdHeader } from './header.js';

/** An object key as written in TypeScript: bare when it is an identifier, quoted otherwise. */
const propertyKey = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

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

/** Environment variable names used in the examples. */
export function envVar(model: VendorModel, what: string): string {
  return `${model.vendor.toUpperCase().replace(/-/g, '_')}_${what}`;
}

/** A value for a parameter in an example: the spec's example, default or first enum value, else a placeholder. */
function exampleValue(param: Parameter): Json {
  if (param.example !== undefined) return param.example;
  for (const ex of Object.values(param.examples ?? {})) if ('value' in ex && ex.value !== undefined) return ex.value;
  const schema = param.schema && !('$ref' in param.schema) ? (param.schema as Schema) : undefined;
  if (schema?.examples?.[0] !== undefined) return schema.examples[0];
  if (schema?.example !== undefined) return schema.example;
  if (schema?.default !== undefined) return schema.default;
  if (schema?.enum?.[0] !== undefined) return schema.enum[0];
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') {
    const items = schema?.items && !('$ref' in (schema.items as Ref)) ? (schema.items as Schema) : undefined;
    return [items?.examples?.[0] ?? items?.enum?.[0] ?? `${param.name}-1`];
  }
  return `${param.name}-example`;
}

/** `{ params: { path: {...}, query: {...} }, body: ... }` for an operation's example call. */
function exampleInit(op: OperationModel): string | undefined {
  const groups: Record<string, Record<string, Json>> = {};
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    const isPageParam = op.pagination && [op.pagination.cursor?.param, op.pagination.offset?.param].includes(p.name);
    if (!p.required && (isPageParam || (p.example === undefined && !p.examples))) continue;
    (groups[p.in] ??= {})[p.name] = exampleValue(p);
  }
  const parts: string[] = [];
  if (Object.keys(groups).length) parts.push(`  params: ${tsLiteral(groups, '  ')}`);
  if (op.hasBody && op.bodyExample !== undefined && !op.multipart) parts.push(`  body: ${tsLiteral(op.bodyExample, '  ')}`);
  if (op.multipart) parts.push(`  body: ${multipartExample(op.bodyExample)}`);
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

/** The client-creation snippet every example starts from. */
export function setupSnippet(model: VendorModel): string {
  const opts: string[] = [];
  if (model.serverTemplate) opts.push(`baseUrl: process.env.${envVar(model, 'BASE_URL')} ?? "${model.serverTemplate.replace(/\{[^}]+\}/g, 'your-host.example')}"`);
  const auth = model.auth;
  if (auth?.type === 'apiKey') opts.push(`apiKey: process.env.${envVar(model, 'API_KEY')} ?? ""`);
  if (auth?.type === 'bearer' && auth.token) {
    opts.push(`clientId: process.env.${envVar(model, 'CLIENT_ID')} ?? ""`, `clientSecret: process.env.${envVar(model, 'CLIENT_SECRET')} ?? ""`);
  } else if (auth?.type === 'bearer') {
    opts.push(`token: process.env.${envVar(model, 'TOKEN')} ?? ""`);
  }
  for (const option of Object.keys(model.clientOptions)) opts.push(`${option}: process.env.${envVar(model, option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase())} ?? ""`);
  // The paginators come with the setup, so the examples after it can use them.
  const imports = [`create${model.typeName}Client`, ...model.operations.flatMap((op) => (op.pagination ? [op.pagination.name] : []))];
  return `import { ${imports.join(', ')} } from "@careapis/${model.vendor}";\n\nconst ${model.vendor.replace(/-/g, '')} = create${model.typeName}Client({\n${opts.map((o) => `  ${o},`).join('\n')}\n});`;
}

/** The example call of one operation. */
export function operationSnippet(model: VendorModel, op: OperationModel): string {
  const init = exampleInit(op);
  const client = model.vendor.replace(/-/g, '');
  return `const { data, error, response } = await ${client}.${op.name}(${init ?? ''});\nif (error) console.error(response.status, error);\nelse console.log(data);`;
}

/** The first paragraph of a description. */
const firstParagraph = (text: string): string => text.trim().split(/\n\s*\n/)[0]?.replace(/\s*\n\s*/g, ' ') ?? '';

/** README.md of the package. */
export function emitReadme(model: VendorModel): string {
  const pkg = `@careapis/${model.vendor}`;
  const client = model.vendor.replace(/-/g, '');
  const out: string[] = [mdHeader(model), `# ${pkg}`, '', `Typed, tiny client for **${model.title}** (API version ${model.apiVersion}), generated from the OpenAPI spec \`${model.specFile}\` of the careapis repository.`, ''];
  // The whole description: it carries what the package covers and what it does not yet.
  if (model.description.trim()) out.push(model.description.trim(), '');
  out.push('## Install', '', '```sh', `npm install ${pkg}`, '```', '', `Node ${'>='}20.19, ESM and CommonJS, types included. Its only dependency is \`@careapis/core\` (the shared runtime, on openapi-fetch).`, '');

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

  out.push('## Usage', '', '```ts', setupSnippet(model), '```', '');
  out.push(
    "Every method returns openapi-fetch's `{ data, error, response }`, typed from the spec. `unwrap(result)` returns `data` or throws `CareApiError` (vendor, operationId, status, request id, typed body, attempts). Timeouts, retries and logging are described in the README of [@careapis/core](https://www.npmjs.com/package/@careapis/core).",
    '',
  );

  out.push('## Operations', '');
  for (const op of model.operations) {
    out.push(`### \`${client}.${op.name}\` — ${op.summary}`, '', `\`${op.method} ${op.path}\`${op.idempotent ? ' · retried on transient failures (idempotent)' : ''}${op.deprecated ? ' · **deprecated**' : ''}`, '');
    const para = firstParagraph(op.description);
    if (para && para !== op.summary) out.push(para, '');
    out.push('```ts', operationSnippet(model, op), '```', '');
    if (op.pagination) {
      const init = op.initRequired ? `, ${exampleInit(op) ?? ''}` : '';
      out.push(`Every item, across pages, with the paginator \`${op.pagination.name}\`:`, '', '```ts', `for await (const item of ${op.pagination.name}(${client}${init})) {\n  console.log(item);\n}`, '```', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
