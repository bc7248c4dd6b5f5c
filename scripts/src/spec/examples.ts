/**
 * Validates every example in an OpenAPI 3.1 document against the schema it illustrates, with
 * Ajv's JSON Schema 2020-12 dialect (the dialect OpenAPI 3.1 schemas use) and its formats.
 * Covers schema-level `examples: []` / `example`, media-type `example` / `examples.*.value`,
 * and parameter `example` / `examples.*.value`.
 *
 * Kept beside Redocly's example rules (no-invalid-schema-, -media-type-, -parameter-examples, all
 * on) because those skip `format`: an example `"not a date"` of a `format: date` string, or a
 * malformed uuid, passes Redocly (test/specs shows both).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import { escapeSegment } from '../generate/pointer.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** One example that does not match its schema. */
export interface ExampleProblem {
  /** JSON pointer of the example inside the document. */
  pointer: string;
  /** What Ajv reported, joined into one line. */
  message: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const escapePointer = escapeSegment;

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
}

/** Every example in `doc` checked against its schema; an empty list means all are valid. */
export function validateExamples(doc: JsonObject): ExampleProblem[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('password', true);
  const id = 'urn:careapis:spec';
  ajv.addSchema({ ...doc, $id: id } as object, id);
  const problems: ExampleProblem[] = [];

  const check = (schemaPointer: string, value: Json, examplePointer: string): void => {
    const validate = ajv.getSchema(`${id}#${schemaPointer}`);
    if (!validate) {
      problems.push({ pointer: examplePointer, message: `no schema at ${schemaPointer}` });
      return;
    }
    if (!validate(value)) problems.push({ pointer: examplePointer, message: formatErrors(validate.errors) });
  };

  const checkHolder = (holder: JsonObject, pointer: string, schemaPointer: string): void => {
    if ('example' in holder) check(schemaPointer, holder.example as Json, `${pointer}/example`);
    const examples = holder.examples;
    if (isObject(examples)) {
      for (const [name, ex] of Object.entries(examples)) {
        if (isObject(ex) && 'value' in ex) check(schemaPointer, ex.value as Json, `${pointer}/examples/${escapePointer(name)}/value`);
      }
    }
  };

  const walkSchema = (schema: Json, pointer: string): void => {
    if (!isObject(schema)) return;
    if (Array.isArray(schema.examples)) schema.examples.forEach((ex, i) => check(pointer, ex, `${pointer}/examples/${i}`));
    if ('example' in schema) check(pointer, schema.example as Json, `${pointer}/example`);
    for (const [key, child] of Object.entries(schema)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (SCHEMA_MAPS.has(key) && isObject(child)) {
        for (const [name, sub] of Object.entries(child)) walkSchema(sub, `${at}/${escapePointer(name)}`);
      } else if (SCHEMA_LISTS.has(key) && Array.isArray(child)) {
        child.forEach((sub, i) => walkSchema(sub, `${at}/${i}`));
      } else if (SCHEMA_VALUES.has(key)) {
        walkSchema(child, at);
      }
    }
  };

  const walkDocument = (node: Json, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => walkDocument(child, `${pointer}/${i}`));
      return;
    }
    if (!isObject(node)) return;
    if (isObject(node.schema)) {
      // A media type, parameter or header object: its examples illustrate `schema`.
      walkSchema(node.schema, `${pointer}/schema`);
      checkHolder(node, pointer, `${pointer}/schema`);
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'schema' || key === 'examples' || key === 'example') continue;
      const at = `${pointer}/${escapePointer(key)}`;
      if (pointer === '/components' && key === 'schemas' && isObject(child)) {
        for (const [name, sub] of Object.entries(child)) walkSchema(sub, `${at}/${escapePointer(name)}`);
      } else {
        walkDocument(child, at);
      }
    }
  };

  walkDocument(doc, '');
  return problems;
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_VALUES = new Set(['items', 'not', 'if', 'then', 'else', 'contains', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']);
