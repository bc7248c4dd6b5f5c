/**
 * Parameter Objects (OpenAPI 3.1 §4.8.12, https://spec.openapis.org/oas/v3.1.0#parameter-object):
 * a path item's and an operation's parameters together, `$ref`s resolved; an operation's parameter
 * replaces the path item's of the same name and location, as the specification says. Headers marked
 * `x-careapis-client-option` become client options (set once on the client, not per call); every
 * other parameter is checked to be serializable as the runtime sends it. Yields the operation's
 * parameters and records the client options.
 */
import type { Parameter, Ref, Schema } from '../spec-types.js';
import type { ModelContext } from './context.js';
import type { PathsModel } from './paths.js';

/** One parameter and where it is written: its JSON pointer, in the path item or in the operation. */
export interface ParameterSite {
  param: Parameter;
  at: string;
}

/**
 * An operation's parameters without its client-option headers, which are recorded in `found`
 * instead; each with the pointer of the object that declares it (`itemAt`: the path item's,
 * `at`: the operation's), so a problem names the parameter it is about.
 */
export function readParameters(
  ctx: ModelContext,
  itemAt: string,
  at: string,
  item: (Parameter | Ref)[],
  own: (Parameter | Ref)[],
  found: Pick<PathsModel, 'clientOptions' | 'clientOptionDescriptions'>,
): ParameterSite[] {
  const sites: ParameterSite[] = [];
  const declared = [...item.map((raw, i) => ({ raw, at: `${itemAt}/parameters/${i}` })), ...own.map((raw, i) => ({ raw, at: `${at}/parameters/${i}` }))];
  for (const { raw, at: where } of declared) {
    const param = ctx.resolve<Parameter>(raw, where);
    if (!param) continue;
    // The operation's own parameter of the same name and location replaces the path item's.
    const replaced = sites.findIndex((s) => s.param.name === param.name && s.param.in === param.in);
    if (replaced !== -1) sites.splice(replaced, 1);
    const option = param['x-careapis-client-option'];
    if (typeof option === 'string') {
      if (param.in !== 'header') ctx.problem(where, '`x-careapis-client-option` only applies to header parameters');
      if (param.required) ctx.problem(where, '`x-careapis-client-option` parameters must not be `required`: the client sends them');
      const known = found.clientOptions[option];
      if (known !== undefined && known !== param.name) ctx.problem(where, `client option \`${option}\` is already the \`${known}\` header`);
      found.clientOptions[option] = param.name;
      found.clientOptionDescriptions[option] = param.description ?? `Sent as the \`${param.name}\` header.`;
      continue;
    }
    const unsupported = serializationProblem(param, (schema) => ctx.resolve<Schema>(schema, `${where}/schema`));
    if (unsupported) ctx.problem(where, unsupported);
    sites.push({ param, at: where });
  }
  return sites;
}

/**
 * Why the runtime cannot send a parameter as the spec asks, if it cannot. The runtime serializes
 * as openapi-fetch's defaults do: path parameters `simple`, query arrays `form` exploded, query
 * objects `deepObject`, header values as text; anything else would go out in a shape the vendor
 * does not expect.
 */
function serializationProblem(param: Parameter, resolveSchema: (schema: Schema | Ref) => Schema | undefined): string | undefined {
  const where = `parameter \`${param.name}\` (in ${param.in})`;
  if (param.in === 'cookie') return `${where}: cookie parameters are not supported (the client sends no cookies)`;
  if (param.allowReserved) return `${where}: \`allowReserved\` is not supported (the client percent-encodes every value)`;
  const style = param.style ?? (param.in === 'query' ? 'form' : 'simple');
  const explode = param.explode ?? style === 'form';
  if (param.in === 'query') {
    const type = param.schema ? resolveSchema(param.schema)?.type : undefined;
    if (style === 'deepObject') return undefined;
    if (style !== 'form' || !explode) return `${where}: style \`${style}\`${explode ? '' : ' with `explode: false`'} is not supported; the client sends query arrays as \`form\` exploded (\`a=1&a=2\`) and objects as \`deepObject\``;
    if (type === 'object') return `${where}: an object query parameter must declare \`style: deepObject\` (the client sends \`${param.name}[key]=value\`)`;
    return undefined;
  }
  if (style !== 'simple' || (param.in === 'path' && explode)) return `${where}: style \`${style}\`${explode ? ' exploded' : ''} is not supported; path and header parameters are sent in \`simple\` style`;
  return undefined;
}
