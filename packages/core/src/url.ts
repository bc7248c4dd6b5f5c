/**
 * Request URLs, serialized the way openapi-fetch's defaults do (test/runtime/openapi-fetch-parity
 * compares the two byte for byte): path parameters in `simple` style, query arrays as repeated
 * keys (`form`, exploded), query objects as `deepObject`, everything percent-encoded. The
 * generator rejects specs that declare any other style, so these are all a client needs; a call
 * can still pass its own `querySerializer` function (openapi-fetch's `createQuerySerializer`
 * builds one for any other style).
 */

import { CareApiConfigError } from './errors.js';

/** Values a serializer accepts; anything nested deeper is an error, as in openapi-fetch. */
type Params = Record<string, unknown> | undefined;

const encode = (value: unknown): string => {
  if (typeof value === 'object' && value !== null) throw new TypeError('a nested parameter value needs a `querySerializer` of your own');
  return encodeURIComponent(value as string);
};

/**
 * `template` with each `{name}` replaced by its encoded value; arrays and objects comma-joined
 * (`simple` style). A missing value (`undefined`, `null`) or one that would be a `.`, `..` or empty
 * segment, which URL parsing collapses onto another path, is a {@link CareApiConfigError}
 * naming the parameter, before anything is sent.
 */
export function pathOf(template: string, params: Params = {}): string {
  return template.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    // openapi-fetch leaves object keys as they are and encodes the values.
    const segment = value == null ? '.' : typeof value !== 'object' ? encode(value) : Array.isArray(value) ? value.map(encode).join(',') : Object.entries(value).map(([key, item]) => `${key},${encode(item)}`).join(',');
    if (/^\.{0,2}$/.test(segment)) throw new CareApiConfigError(`${template}: path parameter \`${name}\` is missing, empty, "." or ".."`);
    return segment;
  });
}

/** The query string (without `?`) for `query`: `form` exploded arrays, `deepObject` objects; null and undefined left out. */
export function queryOf(query: Params): string {
  const pairs: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) pairs.push(pair(name, item));
    else if (typeof value === 'object') pairs.push(Object.entries(value).map(([key, item]) => pair(`${name}[${key}]`, item)).join('&'));
    else pairs.push(pair(name, value));
  }
  return pairs.join('&');
}

const pair = (name: string, value: unknown): string => (value === undefined || value === null ? '' : `${name}=${encode(value)}`);
