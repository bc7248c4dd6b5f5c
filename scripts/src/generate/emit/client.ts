/**
 * `src/generated/client.ts`: `create<Vendor>Client(options)` with one typed method per operation,
 * the environments, the auth and client options, and the operation table the runtime reads.
 */
import type { VendorDescriptor } from '@careapis/core';
import type { OperationModel, VendorModel } from '../model.js';
import { jsdoc, tsHeader } from './header.js';

/** TypeScript source of a value (JSON is valid TypeScript). */
const literal = (value: unknown): string => JSON.stringify(value);

/** `paths["/a/{b}"]["get"]` — the path item type of an operation. */
const pathType = (op: OperationModel): string => `paths[${literal(op.path)}]`;

/** Type of one item of a paginated list response. */
function itemType(op: OperationModel): string {
  const body = `NonNullable<${pathType(op)}[${literal(op.method.toLowerCase())}]["responses"][${op.successStatus}]["content"][${literal(op.successMedia)}]>`;
  const items = op.pagination?.items ? `NonNullable<${body}[${literal(op.pagination.items)}]>` : body;
  return `${items}[number]`;
}

/** The doc comment of an operation method: summary, description, and where it goes. */
export function operationDoc(op: OperationModel): string {
  const parts = [op.summary];
  if (op.description && op.description.trim() !== op.summary.trim()) parts.push('', op.description.trim());
  parts.push('', `\`${op.method} ${op.path}\` (operationId \`${op.id}\`)${op.idempotent ? '; safe to retry' : ''}.`);
  if (op.deprecated) parts.push('@deprecated The vendor marks this operation deprecated.');
  return parts.join('\n');
}

/** The runtime's view of the vendor, as data. */
export function descriptor(model: VendorModel): VendorDescriptor {
  const auth = model.auth ? (({ description: _d, ...rest }) => rest)(model.auth) : undefined;
  // The token endpoint's secret and token fields are secret in every body, as `format: password` fields are.
  const token = model.auth?.type === 'bearer' ? model.auth.token : undefined;
  const secretFields = [...new Set([...model.secretFields, ...(token ? [token.clientSecret, token.accessToken] : [])])];
  return {
    name: model.vendor,
    title: model.title,
    packageName: `@careapis/${model.vendor}`,
    environments: Object.fromEntries(model.environments.map((e) => [e.name, e.url])),
    ...(model.serverTemplate ? { serverTemplate: model.serverTemplate } : {}),
    ...(auth ? { auth } : {}),
    ...(secretFields.length ? { secretFields } : {}),
    ...(model.auth?.type === 'apiKey' ? { secretHeaders: [model.auth.header.toLowerCase()] } : {}),
    ...(Object.keys(model.retryAfterFields).length ? { retryAfterFields: model.retryAfterFields } : {}),
    ...(Object.keys(model.clientOptions).length ? { clientOptions: model.clientOptions } : {}),
  };
}

/** The options type: shared options, auth, and client-level header options. */
function optionsType(model: VendorModel, envType: string): string {
  const parts = [`BaseClientOptions<${envType}>`];
  const own: string[] = [];
  if (model.serverTemplate) own.push(`${jsdoc(`Base URL of your ${model.title} host, e.g. \`${model.serverTemplate}\` (the API has no public host).`, '  ')}  baseUrl: string;`);
  const auth = model.auth;
  if (auth?.type === 'apiKey') {
    const doc = `${auth.description || `${model.title} API key`}${auth.prefix ? ` Keys begin with \`${auth.prefix}\`.` : ''} Sent in the \`${auth.header}\` header.`;
    own.push(`${jsdoc(doc, '  ')}  apiKey: string;`);
  } else if (auth?.type === 'bearer') {
    parts.push(auth.token ? '(StaticTokenOptions | ClientCredentialsOptions)' : 'StaticTokenOptions');
  }
  for (const [option, header] of Object.entries(model.clientOptions)) {
    own.push(`${jsdoc(`${model.clientOptionDescriptions[option] ?? ''} Required; sent as the \`${header}\` header.`.trim(), '  ')}  ${option}: string;`);
  }
  if (own.length) parts.push(`{\n${own.join('\n')}\n}`);
  return parts.join(' & ');
}

/** The whole client module. */
export function emitClient(model: VendorModel): string {
  const T = model.typeName;
  const envType = `${T}Environment`;
  const paged = model.operations.filter((op) => op.pagination);
  const auth = model.auth;
  const bearer = auth?.type === 'bearer';
  const authPart = auth?.type === 'apiKey' ? 'apiKeyAuth' : bearer ? (auth.token ? 'clientCredentialsAuth' : 'tokenAuth') : undefined;
  const multipart = model.operations.some((op) => op.multipart);
  const retryAfterBody = Object.keys(model.retryAfterFields).length > 0;
  const coreImports = [
    ...(authPart ? [authPart] : []),
    'createRuntime',
    ...(multipart ? ['toFormData'] : []),
    ...(paged.length ? ['paginate'] : []),
    ...(retryAfterBody ? ['retryAfterFromBody'] : []),
    'type BaseClientOptions',
    ...(bearer ? ['type StaticTokenOptions'] : []),
    ...(authPart === 'clientCredentialsAuth' ? ['type ClientCredentialsOptions'] : []),
    ...(paged.length ? ['type OperationInit'] : []),
    'type OperationMethod',
    'type OperationTable',
    'type VendorClient',
    'type VendorDescriptor',
  ];

  const out: string[] = [tsHeader(model)];
  out.push(`import { ${coreImports.join(', ')} } from "@careapis/core";\nimport type { paths } from "./schema.js";\n`);
  out.push(`declare const __CAREAPIS_VERSION__: string | undefined;\n`);
  out.push(`${jsdoc("This package's version, compiled in at build time; sent in the User-Agent header.")}export const VERSION: string = typeof __CAREAPIS_VERSION__ === "string" ? __CAREAPIS_VERSION__ : "0.0.0-dev";\n`);

  const envEntries = model.environments.map((e) => `${jsdoc(e.description, '  ')}  ${e.name}: ${literal(e.url)},`).join('\n');
  out.push(`${jsdoc(`Named environments of ${model.title} and their base URLs.${model.environments[0] ? ` The default is \`${model.environments[0].name}\`.` : ' None: the API has no public host, so `baseUrl` is required.'}`)}export const environments = {${envEntries ? `\n${envEntries}\n` : ''}} as const;\n`);
  out.push(`${jsdoc('A name accepted by the `environment` option.')}export type ${envType} = ${model.environments.length ? 'keyof typeof environments' : 'never'};\n`);
  // The descriptor shares the environments object above instead of repeating it.
  const { environments: _environments, ...rest } = descriptor(model);
  const fields = JSON.stringify(rest, null, 2).replace(/^\{\n/, '{\n  environments,\n');
  out.push(`${jsdoc(`What the runtime knows about ${model.title}, from ${model.specFile}.`)}export const vendor: VendorDescriptor = ${fields};\n`);
  out.push(`${jsdoc(`Options of {@link create${T}Client}. Every shared option and its default is described in @careapis/core's README.`)}export type ${T}ClientOptions = ${optionsType(model, envType)};\n`);

  const rows = model.operations.map((op) => {
    // The key is the method name; the spec's operationId is written out only where it differs.
    const meta = { ...(op.id !== op.name ? { id: op.id } : {}), method: op.method, path: op.path, ...(op.idempotent ? { idempotent: true } : {}), ...(op.multipart ? { multipart: true } : {}) };
    return `  ${op.name}: ${JSON.stringify(meta).replace(/,"/g, ', "').replace(/":/g, '": ')},`;
  });
  out.push(`${jsdoc('The operation table: one row per operation of the spec, keyed by method name.')}const operations = {\n${rows.join('\n')}\n} as const satisfies OperationTable;\n`);

  const members = model.operations.map((op) => `${jsdoc(operationDoc(op), '  ')}  ${op.name}: OperationMethod<${pathType(op)}, ${literal(op.method.toLowerCase())}>;`);
  out.push(
    `${jsdoc(`A typed ${model.title} client: one method per operation, each returning openapi-fetch's \`{ data, error, response }\`. \`rawClient(client)\` gives the openapi-fetch client by path, with middleware.`)}export interface ${T}Client extends VendorClient<paths> {\n${members.join('\n')}\n}\n`,
  );

  // Only the auth, body serializer and retry-hint reader this vendor uses, so a bundle carries nothing else. The
  // methods object the runtime returns is the client: rawClient() finds the client's internals by it.
  const parts = [...(authPart ? [`auth: ${authPart}`] : []), ...(multipart ? ['multipart: toFormData'] : []), ...(retryAfterBody ? ['retryAfterBody: retryAfterFromBody'] : [])];
  out.push(
    `${jsdoc(`Creates a ${model.title} client. Throws \`CareApiConfigError\` at once when an option is missing or malformed.`)}export function create${T}Client(options: ${T}ClientOptions): ${T}Client {\n  return createRuntime(vendor, options, VERSION, operations${parts.length ? `, { ${parts.join(', ')} }` : ''}).methods as unknown as ${T}Client;\n}\n`,
  );

  // Paginators are functions of their own, as in AWS SDK v3: a bundle that never pages carries no paging code.
  for (const op of paged) {
    const p = op.pagination;
    if (!p) continue;
    const style = p.cursor ? { items: p.items, cursor: p.cursor } : { items: p.items, offset: p.offset };
    const how = p.cursor ? `following \`${p.cursor.next}\` until it is absent` : `advancing \`${p.offset?.param}\` until a page is shorter than \`${p.offset?.limit}\``;
    out.push(
      `${jsdoc(`Every item of \`client.${op.name}\`, page by page, ${how}. A failed page throws \`CareApiError\`.`)}export function ${p.name}(client: ${T}Client, init${op.initRequired ? '' : '?'}: OperationInit<${pathType(op)}, ${literal(op.method.toLowerCase())}>): AsyncGenerator<${itemType(op)}, void, undefined> {\n  return paginate<${itemType(op)}>(client.${op.name}, ${JSON.stringify(style)}, init);\n}\n`,
    );
  }
  return out.join('\n');
}
