/**
 * What the repository says about every vendor at once, made from all the specs so that adding a
 * vendor is adding its spec: the facade's vendor table (`packages/sdk/src/generated/vendors.ts`),
 * the facade's dependencies, its environment-variable table, and the root README's package table.
 * The environment-variable naming rule lives here and nowhere else.
 */
import type { VendorModel } from '../model/index.js';
import { jsdoc } from './header.js';

/** The environment variable an option of a vendor is read from: `certifyos` + `clientId` → `CERTIFYOS_CLIENT_ID`, `my-vendor` + `apiKey` → `MY_VENDOR_API_KEY`. */
export function envVariable(vendor: string, option: string): string {
  return `${vendor.replace(/-/g, '_')}_${option.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase();
}

/** How a vendor is configured: the ways to authenticate (each a set of options that go together), the other required options, its environments. */
export interface VendorConfig {
  auth: string[][];
  required: string[];
  environments: string[];
  /** Every option read from the environment, in table order. */
  options: string[];
}

/** A vendor's configuration, from its spec. */
export function vendorConfig(model: VendorModel): VendorConfig {
  const auth = model.auth?.type === 'apiKey' ? [['apiKey']] : model.auth?.type === 'bearer' ? (model.auth.token ? [['token'], ['clientId', 'clientSecret']] : [['token']]) : [];
  const required = [...(model.serverTemplate ? ['baseUrl'] : []), ...Object.keys(model.clientOptions)];
  const environments = model.environments.map((e) => e.name);
  const options = [...(model.serverTemplate ? ['baseUrl'] : []), ...auth.flat(), ...Object.keys(model.clientOptions), ...(environments.length ? ['environment', 'baseUrl'] : [])];
  return { auth, required, environments, options: [...new Set(options)] };
}

/** The variable name of a vendor package's namespace in the facade: `Stedi`, `MyVendor`. */
const namespace = (model: VendorModel): string => model.typeName;
const camel = (model: VendorModel): string => model.typeName[0]!.toLowerCase() + model.typeName.slice(1);
/** The facade's name for a vendor: its package name, quoted where it is not an identifier. */
const key = (model: VendorModel): string => (/^[a-z][a-z0-9]*$/.test(model.vendor) ? model.vendor : JSON.stringify(model.vendor));

/** One line about a vendor: the spec's `info.summary`, else its title. */
export const vendorSummary = (model: VendorModel): string => (model.summary || model.title).replace(/\.$/, '');

/** `packages/sdk/src/generated/vendors.ts`. */
export function emitFacadeVendors(models: VendorModel[], header: string): string {
  const out: string[] = [header];
  for (const m of models) {
    out.push(`import { create${m.typeName}Client, environments as ${camel(m)}Environments, type ${m.typeName}Client, type ${m.typeName}ClientOptions } from "@careapis/${m.vendor}";`);
  }
  out.push('');
  out.push(`${jsdoc('Every vendor the facade can create a client for, one per spec in `specs/`.')}export const VENDORS = [${models.map((m) => JSON.stringify(m.vendor)).join(', ')}] as const;\n`);
  out.push(`${jsdoc('A vendor name: also its option name in `createCareApis` and its property on the facade.')}export type VendorName = (typeof VENDORS)[number];\n`);
  out.push(`${jsdoc('The client type of each vendor.')}export interface VendorClients {\n${models.map((m) => `${jsdoc(`${m.title}: ${vendorSummary(m)}.`, '  ')}  ${key(m)}: ${m.typeName}Client;`).join('\n')}\n}\n`);
  out.push(`${jsdoc('The options type of each vendor\'s client.')}export interface VendorOptions {\n${models.map((m) => `${jsdoc(`Options of \`create${m.typeName}Client\`.`, '  ')}  ${key(m)}: ${m.typeName}ClientOptions;`).join('\n')}\n}\n`);
  out.push(`${jsdoc('How each vendor\'s client is made.')}export const FACTORIES: { readonly [V in VendorName]: (options: VendorOptions[V]) => VendorClients[V] } = {\n${models.map((m) => `  ${key(m)}: create${m.typeName}Client,`).join('\n')}\n};\n`);
  out.push(
    `${jsdoc('How one vendor is configured: ways to authenticate (each a set of options that go together), other required options, named environments, and the environment variable of each option.')}export interface VendorEnv {\n  readonly auth: readonly (readonly string[])[];\n  readonly required: readonly string[];\n  readonly environments: readonly string[];\n  readonly variables: Readonly<Record<string, string>>;\n}\n`,
  );
  const rows = models.map((m) => {
    const c = vendorConfig(m);
    const variables = Object.fromEntries(c.options.map((o) => [o, envVariable(m.vendor, o)]));
    return `  ${key(m)}: {\n    auth: ${JSON.stringify(c.auth)},\n    required: ${JSON.stringify(c.required)},\n    environments: Object.keys(${camel(m)}Environments),\n    variables: ${JSON.stringify(variables)},\n  },`;
  });
  out.push(`${jsdoc('Each vendor\'s configuration, from its spec.')}export const VENDOR_ENV: { readonly [V in VendorName]: VendorEnv } = {\n${rows.join('\n')}\n};\n`);
  return `${out.join('\n')}`;
}

/** `packages/sdk/src/generated/namespaces.ts`: each vendor package under a namespace. */
export function emitFacadeNamespaces(models: VendorModel[], header: string): string {
  return `${header}${models.map((m) => `${jsdoc(`Everything @careapis/${m.vendor} exports: \`${namespace(m)}.${m.schemas[0]?.typeName ?? 'Schemas'}\`, \`${namespace(m)}.${m.typeName}Client\`, …`)}export * as ${namespace(m)} from "@careapis/${m.vendor}";`).join('\n')}\n`;
}

/** The facade's dependencies: core and every vendor package, each at the range of its current version. */
export function facadeDependencies(models: VendorModel[], versions: Readonly<Record<string, string>>): Record<string, string> {
  const deps: Record<string, string> = { '@careapis/core': `^${versions['core'] ?? '0.1.0'}` };
  for (const m of [...models].sort((a, b) => a.vendor.localeCompare(b.vendor))) deps[`@careapis/${m.vendor}`] = `^${versions[m.vendor] ?? '0.1.0'}`;
  return Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
}

/** The facade README's table of environment variables. */
export function envTable(models: VendorModel[]): string {
  const lines = ['| vendor | variable | option | required |', '| --- | --- | --- | --- |'];
  for (const m of models) {
    const c = vendorConfig(m);
    const rows: [string, string][] = [];
    if (m.serverTemplate) rows.push(['baseUrl', 'yes: the API has no public host']);
    c.auth.forEach((choice, i) => {
      for (const option of choice) {
        const partners = choice.filter((o) => o !== option).map((o) => `\`${envVariable(m.vendor, o)}\``);
        const others = c.auth.length > 1 ? (i === 0 ? 'this, or the ones below' : partners.length ? `with ${partners.join(', ')}` : 'yes') : 'yes';
        const prefix = option === 'apiKey' && m.auth?.type === 'apiKey' && m.auth.prefix ? ` (begins with \`${m.auth.prefix}\`)` : '';
        rows.push([option, `${others}${prefix}`]);
      }
    });
    for (const option of Object.keys(m.clientOptions)) rows.push([option, 'yes']);
    if (c.environments.length) {
      rows.push(['environment', `no: ${c.environments.map((e, i) => `\`${e}\`${i === 0 ? ' (default)' : ''}`).join(', ')}`]);
      rows.push(['baseUrl', 'no: overrides the environment']);
    }
    rows.forEach(([option, required], i) => lines.push(`| ${i === 0 ? m.title : ''} | \`${envVariable(m.vendor, option)}\` | \`${option}\` | ${required} |`));
  }
  return lines.join('\n');
}

/** The root README's table of packages. */
export function packageTable(models: VendorModel[]): string {
  const lines = ['| package | vendor | what |', '| --- | --- | --- |'];
  for (const m of models) lines.push(`| [\`@careapis/${m.vendor}\`](packages/${m.vendor}) | ${m.title} | ${vendorSummary(m)} |`);
  lines.push(`| [\`@careapis/sdk\`](packages/sdk) | all ${models.length} | facade: \`createCareApis\`, \`careApisFromEnv\` |`);
  lines.push('| [`@careapis/core`](packages/core) | — | the runtime every client shares: defaults, retries, timeouts, errors |');
  return lines.join('\n');
}

/** `text` with the region between `<!-- NAME:start -->` and `<!-- NAME:end -->` replaced by `body`; undefined when the markers are missing. */
export function replaceRegion(text: string, name: string, body: string): string | undefined {
  const start = `<!-- ${name}:start (generated from the specs; do not edit) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from) return undefined;
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
