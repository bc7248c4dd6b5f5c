/**
 * `src/generated/schema.ts`: types for every path, operation and component, by openapi-typescript.
 * This is the only module of the generator that calls openapi-typescript: replacing it touches one file.
 */
import { createConfig, type Config } from '@redocly/openapi-core';
import openapiTS, { astToString, type OpenAPI3, type SchemaObject } from 'openapi-typescript';
import ts from 'typescript';
import type { VendorModel } from '../model/index.js';
import type { OpenApiDocument } from '../spec-types.js';
import { tsHeader } from './header.js';

let quietConfig: Promise<Config> | undefined;

/**
 * File contents (`format: binary`, or a `contentMediaType` other than JSON without `contentEncoding`)
 * are `Blob | Uint8Array` in TypeScript: a File, a Blob, or a Node Buffer.
 */
function binaryAsBlob(schema: SchemaObject): ts.TypeNode | undefined {
  if (!('type' in schema) || schema.type !== 'string') return undefined;
  const media = (schema as { contentMediaType?: unknown; contentEncoding?: unknown }).contentMediaType;
  const isFile = schema.format === 'binary' || (typeof media === 'string' && !media.includes('json') && (schema as { contentEncoding?: unknown }).contentEncoding === undefined);
  if (!isFile) return undefined;
  return ts.factory.createUnionTypeNode([ts.factory.createTypeReferenceNode('Blob'), ts.factory.createTypeReferenceNode('Uint8Array')]);
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A branch that only says which properties must be present: `{ required: [a, b] }`. */
const isRequiredOnly = (v: unknown): v is { required: string[] } =>
  isNode(v) && Array.isArray(v.required) && Object.keys(v).every((k) => k === 'required' || k === 'description' || k === 'title');

/**
 * "Either a or b+c is required" is written in JSON Schema as `anyOf: [{required: [a]}, {required: [b, c]}]`
 * beside `properties`. openapi-typescript types such branches as `unknown`, which collapses the whole object
 * to `unknown`. This rewrites each such branch as an object requiring those properties, and moves the
 * `anyOf`/`oneOf` into an `allOf`, so the type becomes `{ …fields } & ({ a: A } | { b: B; c: C })`.
 * The spec itself is not changed: a rewritten node and its ancestors are copies, and everything else is shared
 * (a whole-document copy would cost a large spec ~10% more peak memory).
 */
export function typeRequiredBranches(doc: OpenApiDocument): OpenApiDocument {
  return rewrite(doc, undefined) as OpenApiDocument;
}

/** `node` with its either-or branches typed: the same object when nothing in it changes, else a copy. */
function rewrite(node: unknown, inherited: Node | undefined): unknown {
  if (Array.isArray(node)) return mapShared(node, (child) => rewrite(child, undefined));
  if (!isNode(node)) return node;
  const props = isNode(node.properties) ? node.properties : inherited;
  let out: Node = node;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (!props || !Array.isArray(branches) || branches.length === 0 || !branches.every(isRequiredOnly)) continue;
    const typed = branches.map((b) => ({ type: 'object', required: b.required, properties: Object.fromEntries(b.required.filter((r) => r in props).map((r) => [r, props[r]])) }));
    if (out === node) out = { ...node };
    delete out[key];
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { [key]: typed }];
  }
  for (const [key, child] of Object.entries(out)) {
    const next = key === 'allOf' && Array.isArray(child) ? mapShared(child, (item) => rewrite(item, props)) : rewrite(child, undefined);
    if (next === child) continue;
    if (out === node) out = { ...node };
    out[key] = next;
  }
  return out;
}

/** `items.map(f)`, or `items` itself when `f` returned every item unchanged. */
function mapShared(items: unknown[], f: (item: unknown) => unknown): unknown[] {
  const mapped = items.map(f);
  return mapped.some((item, i) => item !== items[i]) ? mapped : items;
}

/** Types for the whole spec. The spec was validated already, so openapi-typescript's own lint runs with no rules. */
export async function emitSchema(model: VendorModel, doc: OpenApiDocument): Promise<string> {
  quietConfig ??= createConfig({ rules: {} }, { extends: [] });
  // A field with a default is optional: callers may leave it out (openapi-typescript would make it required everywhere).
  const ast = await openapiTS(typeRequiredBranches(doc) as unknown as OpenAPI3, { redocly: await quietConfig, silent: true, transform: binaryAsBlob, defaultNonNullable: false });
  return `${tsHeader(model)}\n${astToString(ast)}`;
}
