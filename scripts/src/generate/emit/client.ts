/**
 * `src/generated/client.ts`: the environments, the vendor descriptor, the options,
 * `create<Vendor>Base(options)` (a client for the single-operation functions) and
 * `create<Vendor>Client(options)` (the same client with every operation as a method).
 */
import type { VendorDescriptor } from '@careapis/core';
import type { VendorModel } from '../model/index.js';
import { jsdoc, tsHeader } from './header.js';
import { callSignature, metaName, operationDoc } from './operations.js';
import { typeNames } from './types.js';

/** TypeScript source of a value (JSON is valid TypeScript). */
const literal = (value: unknown): string => JSON.stringify(value);

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
    ...(model.errorMessageFields.length ? { errorMessageFields: model.errorMessageFields } : {}),
    ...(model.requestIdHeaders.length ? { requestIdHeaders: model.requestIdHeaders } : {}),
    ...(Object.keys(model.clientOptions).length ? { clientOptions: model.clientOptions } : {}),
    ...(model.rateLimits.length ? { rateLimits: model.rateLimits } : {}),
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
  const auth = model.auth;
  const bearer = auth?.type === 'bearer';
  const authPart = auth?.type === 'apiKey' ? 'apiKeyAuth' : bearer ? (auth.token ? 'clientCredentialsAuth' : 'tokenAuth') : undefined;
  const retryAfterBody = Object.keys(model.retryAfterFields).length > 0;
  const coreImports = [
    ...(authPart ? [authPart] : []),
    'createRuntime',
    ...(retryAfterBody ? ['retryAfterFromBody'] : []),
    'type BaseClientOptions',
    'type CallOptions',
    'type CareApiPromise',
    ...(bearer ? ['type StaticTokenOptions'] : []),
    ...(authPart === 'clientCredentialsAuth' ? ['type ClientCredentialsOptions'] : []),
    'type RuntimeParts',
    'type VendorClient',
    'type VendorDescriptor',
  ];
  const typeImports = model.operations.flatMap((op) => [typeNames(op).args, typeNames(op).result]);

  const out: string[] = [tsHeader(model)];
  out.push(
    `import { ${coreImports.join(', ')} } from "@careapis/core";\nimport { ${model.operations.map(metaName).join(', ')} } from "./operations.js";\nimport type { paths } from "./schema.js";\nimport type { ${typeImports.join(', ')} } from "./types.js";\n`,
  );
  out.push(`declare const __CAREAPIS_VERSION__: string | undefined;\n`);
  out.push(`${jsdoc("This package's version, compiled in at build time; sent in the User-Agent header.")}export const VERSION: string = typeof __CAREAPIS_VERSION__ === "string" ? __CAREAPIS_VERSION__ : "0.0.0-dev";\n`);

  const envEntries = model.environments.map((e) => `${jsdoc(e.description, '  ')}  ${e.name}: ${literal(e.url)},`).join('\n');
  out.push(`${jsdoc(`Named environments of ${model.title} and their base URLs.${model.environments[0] ? ` The default is \`${model.environments[0].name}\`.` : ' None: the API has no public host, so `baseUrl` is required.'}`)}export const environments = {${envEntries ? `\n${envEntries}\n` : ''}} as const;\n`);
  out.push(`${jsdoc('A name accepted by the `environment` option.')}export type ${envType} = ${model.environments.length ? 'keyof typeof environments' : 'never'};\n`);
  // The descriptor shares the environments object above instead of repeating it.
  const { environments: _environments, ...rest } = descriptor(model);
  const fields = JSON.stringify(rest, null, 2).replace(/^\{\n/, '{\n  environments,\n');
  out.push(`${jsdoc(`What the runtime knows about ${model.title}, from ${model.specFile}.`)}export const vendor: VendorDescriptor = ${fields};\n`);
  out.push(`${jsdoc(`Options of {@link create${T}Client} and {@link create${T}Base}. Every shared option and its default is described in @careapis/core's README.`)}export type ${T}ClientOptions = ${optionsType(model, envType)};\n`);

  // Only the auth and retry-hint reader this vendor uses, so a bundle carries nothing else.
  const parts = [...(authPart ? [`auth: ${authPart}`] : []), ...(retryAfterBody ? ['retryAfterBody: retryAfterFromBody'] : [])];
  out.push(`const parts: RuntimeParts = { ${parts.join(', ')} };\n`);
  out.push(
    `${jsdoc(`A ${model.title} client without methods, for the single-operation functions: \`getX(client, args)\`. A bundle carries only the operations it imports. \`rawClient(client)\` gives the openapi-fetch client by path.`)}export interface ${T}Base extends VendorClient<paths> {}\n`,
  );
  out.push(
    `${jsdoc(`Creates a ${model.title} client for the single-operation functions (\`import { ${model.operations[0]?.name ?? 'operation'} } from "@careapis/${model.vendor}"\`). Throws \`CareApiConfigError\` at once when an option is missing or malformed.`)}export function create${T}Base(options: ${T}ClientOptions): ${T}Base {\n  return createRuntime(vendor, options, VERSION, {}, parts).methods;\n}\n`,
  );

  const members = model.operations.map((op) => `${jsdoc(operationDoc(op), '  ')}  ${op.name}(${callSignature(op)};`);
  out.push(
    `${jsdoc(`A typed ${model.title} client: one method per operation, taking the vendor's parameters by name and the body under \`body\`, resolving to the success body and rejecting with a \`CareApiError\` family error. \`.withResponse()\` on any call adds the response and request id.`)}export interface ${T}Client extends ${T}Base {\n${members.join('\n')}\n}\n`,
  );
  const rows = model.operations.map((op) => `    ${op.name}: ${metaName(op)},`);
  out.push(
    `${jsdoc(`Creates a ${model.title} client with every operation as a method. Throws \`CareApiConfigError\` at once when an option is missing or malformed.`)}export function create${T}Client(options: ${T}ClientOptions): ${T}Client {\n  const operations = {\n${rows.join('\n')}\n  };\n  return createRuntime(vendor, options, VERSION, operations, parts).methods as unknown as ${T}Client;\n}\n`,
  );
  return out.join('\n');
}
