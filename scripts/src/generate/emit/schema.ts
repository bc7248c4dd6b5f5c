/**
 * `src/generated/schema.ts`: types for every path, operation and component, by openapi-typescript.
 * This is the only module of the generator that calls openapi-typescript: replacing it touches one file.
 */
import { createConfig, type Config } from '@redocly/openapi-core';
import openapiTS, { astToString, type OpenAPI3, type SchemaObject } from 'openapi-typescript';
import ts from 'typescript';
import type { VendorModel } from '../model.js';
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

/** Types for the whole spec. The spec was validated already, so openapi-typescript's own lint runs with no rules. */
export async function emitSchema(model: VendorModel, doc: OpenApiDocument): Promise<string> {
  quietConfig ??= createConfig({ rules: {} }, { extends: [] });
  const ast = await openapiTS(doc as unknown as OpenAPI3, { redocly: await quietConfig, silent: true, transform: binaryAsBlob });
  return `${tsHeader(model)}\n${astToString(ast)}`;
}
