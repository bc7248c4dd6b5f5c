/**
 * Request URLs, serialized the way openapi-fetch's defaults do (test/runtime/openapi-fetch-parity
 * compares the two byte for byte): path parameters in `simple` style, query arrays as repeated
 * keys (`form`, exploded), query objects as `deepObject`, everything percent-encoded. The
 * generator rejects specs that declare any other style, so these are all a client needs; a call
 * can still pass its own `querySerializer` function (openapi-fetch's `createQuerySerializer`
 * builds one for any other style).
 */

/** Values a serializer accepts; anything nested deeper is an error, as in openapi-fetch. */
type Params = Record<string, unknown> | undefined;

const encode = (value: unknown): string => {
  if (typeof value === 'object' && value !== null) throw new TypeError('a nested parameter value needs a `querySerializer` of your own');
  return encodeURIComponent(value as string);
};

/** `template` with each `{name}` replaced by its encoded value; arrays and objects comma-joined (`simple` style). */
export function pathOf(template: string, params: Params): string {
  if (!params) return template;
  return template.replace(/\{([^{}]+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return match;
    if (typeof value !== 'object') return encode(value);
    // openapi-fetch leaves object keys as they are and encodes the values.
    return Array.isArray(value) ? value.map(encode).join(',') : Object.entries(value).map(([key, item]) => `${key},${encode(item)}`).join(',');
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
