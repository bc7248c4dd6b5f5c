/**
 * What a vendor's test kit embeds, read from its spec by the generator: its routes (with their
 * answers and request schemas), the component schemas those refer to, where it answers and which
 * credentials it needs. The runtime of `@careapis/core/testing` builds everything else from this.
 */

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How a parameter or form field is read from its text: the primitive type its schema gives. */
export type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/** An HTTP method, as MSW's `http` names it. */
export type MockMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';

/** One answer the handlers give: a status and a JSON body (none for an empty response). */
export interface MockAnswer {
  status: number;
  body?: Json;
  /** Path of the string field that carries the error message, for error answers. */
  slot?: (string | number)[];
  /** Path of a string field beside it that names the field in error (`fieldName`, `path`), if the body has one. */
  fieldSlot?: (string | number)[];
}

/** A path, query or header parameter of an operation, with the schema its value is checked against. */
export interface MockParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  kind: Kind;
  /** For an array: the kind of its items. */
  items?: Kind;
  schema: object;
}

/** How a request body is checked, per media type: a schema (JSON and form bodies; `kinds` reads form fields), or the required fields of a multipart form. */
export interface MockMedia {
  schema?: object;
  kinds?: Record<string, Kind>;
  required?: string[];
}

/** One operation as the handlers see it. */
export interface MockRoute<Name extends string = string> {
  name: Name;
  method: MockMethod;
  path: string;
  /** The operation needs credentials. */
  auth: boolean;
  params: MockParam[];
  body?: { required: boolean; media: Record<string, MockMedia> };
  /** The documented success: its status and example body. */
  answer: MockAnswer;
  /** What the vendor answers to an invalid request. */
  invalid: MockAnswer;
  /** What it answers to a content type it does not take. */
  unsupported: MockAnswer;
  /** What it answers without credentials. */
  unauthorized?: MockAnswer;
}

/** Everything a vendor's kit embeds. */
export interface MockApi<Name extends string = string, Env extends string = string> {
  /** The vendor package (`@careapis/stedi`), named in the kit's errors. */
  package: string;
  /** Base URL of each named environment. */
  environments: Record<Env, string>;
  /** Where the default handlers answer: the default environment's URL, or `*<path>` (any origin) for an API without a public host. */
  defaultBaseUrl: string;
  /** The credentials every authenticated operation needs: a header (lower case), and whether it carries a bearer token. */
  auth?: { header: string; bearer: boolean };
  /** Component schemas the request schemas refer to, as `#/$defs/<name>`. */
  defs: Record<string, object>;
  /** Every operation, literal paths before templated ones (`/a/facility` before `/a/{id}`). */
  routes: MockRoute<Name>[];
}
