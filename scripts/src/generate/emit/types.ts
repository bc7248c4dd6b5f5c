/**
 * `src/generated/types.ts`: a named type for every component schema (`Provider`), and for every
 * operation its argument object (`GetProviderArgs`, parameters flat under their spec names, the
 * body under `body`), its success body (`GetProviderResult`) and its error (`GetProviderError`).
 * Each property carries the spec's description, so it shows on hover at the call site.
 */
import type { ArgModel, OperationModel, VendorModel } from '../model/index.js';
import { jsdoc, tsHeader } from './header.js';
import { pascalCase, resultIsSchema } from '../model/index.js';

const literal = (value: unknown): string => JSON.stringify(value);

/** An object key as written in TypeScript: bare when it is an identifier, quoted otherwise. */
export const propertyKey = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key));

/** `paths["/a/{b}"]["get"]`: the operation's type in openapi-typescript's output. */
export const operationType = (op: OperationModel): string => `paths[${literal(op.path)}][${literal(op.method.toLowerCase())}]`;

/** The names of an operation's generated types. */
export function typeNames(op: OperationModel): { args: string; result: string; error: string } {
  const T = pascalCase(op.name);
  return { args: `${T}Args`, result: `${T}Result`, error: `${T}Error` };
}

/** Whether an operation can be called without arguments. */
export const argsOptional = (op: OperationModel): boolean => !op.args.some((a) => a.required) && !op.body?.required;

/** One argument property: its doc comment and type. */
function argProperty(op: OperationModel, arg: ArgModel): string {
  const doc = [arg.description.trim() || `The \`${arg.name}\` ${arg.in} parameter.`];
  if (arg.key !== arg.name) doc.push(`Sent as the \`${arg.name}\` ${arg.in} parameter.`);
  if (arg.deprecated) doc.push('@deprecated The vendor marks this parameter deprecated.');
  const type = `${operationType(op)}["parameters"][${literal(arg.in)}]`;
  // Optional parameters' location object is itself optional in openapi-typescript's output.
  const located = arg.required ? type : `NonNullable<${type}>`;
  return `${jsdoc(doc.join('\n'), '  ')}  ${propertyKey(arg.key)}${arg.required ? '' : '?'}: ${located}[${literal(arg.name)}];`;
}

/** The success body type: the union over every 2xx response (`undefined` for one without a body). */
export function resultType(op: OperationModel): string {
  const bodies = op.successes.map((s) => (s.media ? `${operationType(op)}["responses"][${s.status}]["content"][${literal(s.media)}]` : 'undefined'));
  const unique = [...new Set(bodies)];
  if (!unique.length) return 'undefined';
  // Bodies read as text or Blob are typed as what the runtime hands back.
  if (op.parse === 'text') return unique.includes('undefined') ? 'string | undefined' : 'string';
  if (op.parse === 'blob') return unique.includes('undefined') ? 'Blob | undefined' : 'Blob';
  return unique.join(' | ');
}

/** The whole types module. */
export function emitTypes(model: VendorModel): string {
  const out: string[] = [tsHeader(model)];
  out.push(`import type { CareApiErrorFor } from "@careapis/core";\nimport type { components, paths } from "./schema.js";\n`);
  for (const schema of model.schemas) {
    out.push(`${jsdoc(schema.description.trim() || `The \`${schema.name}\` schema of ${model.title}.`)}export type ${schema.typeName} = components["schemas"][${literal(schema.name)}];\n`);
  }
  for (const op of model.operations) {
    const names = typeNames(op);
    const props = op.args.map((arg) => argProperty(op, arg));
    if (op.body) {
      const type = `${operationType(op)}["requestBody"]`;
      const doc = op.body.description.trim() || 'The request body.';
      props.push(`${jsdoc(doc, '  ')}  body${op.body.required ? '' : '?'}: NonNullable<${type}>["content"][${literal(op.body.media)}];`);
    }
    const argsDoc = `Arguments of \`${op.name}\` (\`${op.method} ${op.path}\`)${props.length ? ': parameters under their spec names, the request body under `body`.' : ': none.'}`;
    out.push(props.length ? `${jsdoc(argsDoc)}export interface ${names.args} {\n${props.join('\n')}\n}\n` : `${jsdoc(argsDoc)}export type ${names.args} = Record<string, never>;\n`);
    if (!resultIsSchema(op)) out.push(`${jsdoc(`What \`${op.name}\` resolves to: the success body.`)}export type ${names.result} = ${resultType(op)};\n`);
    out.push(`${jsdoc(`The \`CareApiError\` of \`${op.name}\`: checking \`status\` narrows \`body\` to that status's schema.`)}export type ${names.error} = CareApiErrorFor<${operationType(op)}>;\n`);
  }
  return out.join('\n');
}

/** Every type name the types module exports, for the package index. */
export function typeExports(model: VendorModel): string[] {
  return [...model.schemas.map((s) => s.typeName), ...model.operations.flatMap((op) => [typeNames(op).args, ...(resultIsSchema(op) ? [] : [typeNames(op).result]), typeNames(op).error])];
}
