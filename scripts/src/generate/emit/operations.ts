/**
 * `src/generated/operations.ts`: one exported function per operation, `getProvider(client, args,
 * options)`, and one per paginator. Each function carries only its own operation's description,
 * so a bundle that imports one operation does not grow with the vendor's API (AWS SDK v3's
 * commands, hey-api's functions). The full client's methods call the same descriptions.
 */
import type { OperationMeta } from '@careapis/core';
import type { OperationModel, VendorModel } from '../model/index.js';
import { jsdoc, tsHeader } from './header.js';
import { argsOptional, typeNames } from './types.js';

/** The name of an operation's description constant. */
export const metaName = (op: OperationModel): string => `${op.name}Operation`;

/** The doc comment of an operation: summary, description, and where it goes. */
export function operationDoc(op: OperationModel): string {
  const parts = [op.summary];
  if (op.description && op.description.trim() !== op.summary.trim()) parts.push('', op.description.trim());
  parts.push('', `\`${op.method} ${op.path}\` (operationId \`${op.id}\`)${op.idempotent ? '; safe to retry' : ''}.`);
  if (op.deprecated) parts.push('@deprecated The vendor marks this operation deprecated.');
  return parts.join('\n');
}

/** The runtime's description of one operation, as a TypeScript object literal. */
function metaLiteral(op: OperationModel): string {
  const names = (where: string): string[] => op.args.filter((a) => a.in === where).map((a) => a.key);
  const renamed = op.args.filter((a) => a.key !== a.name);
  const meta: Partial<Record<keyof OperationMeta, unknown>> = {
    id: op.id,
    method: op.method,
    path: op.path,
    ...(op.idempotent ? { idempotent: true } : {}),
    ...(names('query').length ? { query: names('query') } : {}),
    ...(names('header').length ? { header: names('header') } : {}),
    ...(renamed.length ? { rename: Object.fromEntries(renamed.map((a) => [a.key, a.name])) } : {}),
    ...(op.parse ? { parse: op.parse } : {}),
  };
  const json = JSON.stringify(meta).replace(/,"/g, ', "').replace(/":/g, '": ');
  // The multipart serializer is a function: only operations that upload carry it.
  return op.multipart ? json.replace(/\}$/, ', "multipart": toFormData}') : json;
}

/** The signature of an operation after its client argument: `(args, options?) => CareApiPromise<Result>`. */
export function callSignature(op: OperationModel): string {
  const names = typeNames(op);
  return `args${argsOptional(op) ? '?' : ''}: ${names.args}, options?: CallOptions): CareApiPromise<${names.result}>`;
}

/** The whole operations module. */
export function emitOperations(model: VendorModel): string {
  const T = model.typeName;
  const paged = model.operations.filter((op) => op.pagination);
  const multipart = model.operations.some((op) => op.multipart);
  const values = ['invoke', ...(multipart ? ['toFormData'] : []), ...(paged.length ? ['paginate'] : [])];
  const types = ['type CallOptions', 'type CareApiPromise', 'type OperationMeta', ...(paged.length ? ['type Paginator'] : [])];
  const typeImports = model.operations.flatMap((op) => [typeNames(op).args, typeNames(op).result]);

  const out: string[] = [tsHeader(model)];
  out.push(`import { ${[...values, ...types].join(', ')} } from "@careapis/core";\nimport type { ${T}Base } from "./client.js";\nimport type { ${typeImports.join(', ')} } from "./types.js";\n`);
  for (const op of model.operations) {
    out.push(`${jsdoc(`How the runtime calls \`${op.name}\`.`)}export const ${metaName(op)} = ${metaLiteral(op)} as const satisfies OperationMeta;\n`);
    out.push(`${jsdoc(`${operationDoc(op)}\n\nThe single-operation form of \`client.${op.name}(args, options)\`: a bundle that imports it carries no other operation.`)}export function ${op.name}(client: ${T}Base, ${callSignature(op)} {\n  return invoke(client, ${metaName(op)}, args, options);\n}\n`);
  }
  for (const op of paged) {
    const p = op.pagination;
    if (!p) continue;
    const names = typeNames(op);
    const style = p.cursor ? { items: p.items, cursor: p.cursor } : { items: p.items, offset: p.offset };
    const how = p.cursor ? `following \`${p.cursor.next}\` until it is absent` : `advancing \`${p.offset?.param}\` until a page is shorter than \`${p.offset?.limit}\``;
    const item = `NonNullable<${p.items ? `NonNullable<${names.result}>[${JSON.stringify(p.items)}]` : names.result}>[number]`;
    out.push(
      `${jsdoc(`Every item of \`${op.name}\`, page by page, ${how}: \`for await (const item of ${p.name}(client, args))\`; \`.pages()\` yields whole pages. A failed page rejects with its \`CareApiError\`.`)}export function ${p.name}(client: ${T}Base, args${argsOptional(op) ? '?' : ''}: ${names.args}, options?: CallOptions): Paginator<${item}, ${names.result}> {\n  return paginate(client, ${metaName(op)}, ${JSON.stringify(style)}, args, options);\n}\n`,
    );
  }
  return out.join('\n');
}

/** Every value the operations module exports to users: the operation functions and paginators. */
export function operationExports(model: VendorModel): string[] {
  return model.operations.flatMap((op) => [op.name, ...(op.pagination ? [op.pagination.name] : [])]);
}
