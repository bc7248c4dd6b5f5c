/** The parts of an OpenAPI 3.1 document the generator reads. Loose on purpose: Redocly has validated the structure. */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A reference object. */
export interface Ref {
  $ref: string;
}

/** A schema object (only the fields the generator reads). */
export interface Schema {
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema | Ref>;
  items?: Schema | Ref;
  required?: string[];
  enum?: Json[];
  const?: Json;
  default?: Json;
  example?: Json;
  examples?: Json[];
  description?: string;
  anyOf?: (Schema | Ref)[];
  oneOf?: (Schema | Ref)[];
  allOf?: (Schema | Ref)[];
  contentMediaType?: string;
  [extension: `x-${string}`]: unknown;
}

/** A parameter object. */
export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  deprecated?: boolean;
  description?: string;
  schema?: Schema | Ref;
  example?: Json;
  examples?: Record<string, { value?: Json } | Ref>;
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  [extension: `x-${string}`]: unknown;
}

/** A media type object. */
export interface MediaType {
  schema?: Schema | Ref;
  example?: Json;
  examples?: Record<string, { summary?: string; value?: Json } | Ref>;
}

/** A response object. */
export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, { description?: string; schema?: Schema | Ref; [extension: `x-${string}`]: unknown } | Ref>;
  [extension: `x-${string}`]: unknown;
}

/** An operation object. */
export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  tags?: string[];
  parameters?: (Parameter | Ref)[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, MediaType> } | Ref;
  responses?: Record<string, ResponseObject | Ref>;
  security?: Record<string, string[]>[];
  [extension: `x-${string}`]: unknown;
}

/** A security scheme object. */
export interface SecurityScheme {
  type: string;
  scheme?: string;
  name?: string;
  in?: string;
  description?: string;
  [extension: `x-${string}`]: unknown;
}

/** The document root. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string; [extension: `x-${string}`]: unknown };
  servers?: { url: string; description?: string; variables?: Record<string, { default: string; description?: string }>; [extension: `x-${string}`]: unknown }[];
  paths?: Record<string, Record<string, Operation | Parameter[] | string | undefined>>;
  components?: {
    schemas?: Record<string, Schema | Ref>;
    parameters?: Record<string, Parameter | Ref>;
    responses?: Record<string, ResponseObject | Ref>;
    securitySchemes?: Record<string, SecurityScheme | Ref>;
    [key: string]: unknown;
  };
  security?: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
  [extension: `x-${string}`]: unknown;
}

/** HTTP methods of a path item. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
