/**
 * Schema Objects (OpenAPI 3.1 §4.8.24, https://spec.openapis.org/oas/v3.1.0#schema-object), walked
 * for two facts the runtime needs: where an error body holds the vendor's message
 * (`x-careapis-error-message`), and which property names hold secrets (`format: password`).
 */
import type { Ref, Schema } from '../spec-types.js';
import type { ModelContext } from './context.js';

/**
 * Dotted paths of the properties marked `x-careapis-error-message` in an error body schema,
 * through `$ref`s, `allOf`/`oneOf`/`anyOf` branches and nested objects (`content.message`). A `$ref`
 * it cannot follow is reported at `at`, the response that holds the schema.
 */
export function messagePaths(ctx: ModelContext, schema: Schema | Ref, at: string, prefix = '', depth = 0): string[] {
  const node = ctx.resolve<Schema>(schema, at);
  if (!node || depth > 8) return [];
  const paths: string[] = [];
  for (const branch of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) paths.push(...messagePaths(ctx, branch, at, prefix, depth + 1));
  for (const [name, raw] of Object.entries(node.properties ?? {})) {
    const prop = ctx.resolve<Schema>(raw, at);
    if (!prop) continue;
    if (prop['x-careapis-error-message'] === true) paths.push(`${prefix}${name}`);
    else paths.push(...messagePaths(ctx, prop, at, `${prefix}${name}.`, depth + 1));
  }
  return paths;
}

/** Names of properties marked `format: password` anywhere in the document, sorted. */
export function secretFields(doc: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const properties = (node as Schema).properties;
    if (properties && typeof properties === 'object') {
      for (const [name, prop] of Object.entries(properties)) if ((prop as Schema | null)?.format === 'password') found.add(name);
    }
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return [...found].sort();
}
