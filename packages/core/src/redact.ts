/** Redaction of secrets in headers, bodies and text, for errors and logs. */

/** Headers whose values are never shown. */
export const SECRET_HEADERS: readonly string[] = ['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization'];

/** Body fields that are always secret, whatever the spec says. */
const ALWAYS_SECRET = ['password', 'client_secret', 'clientSecret', 'access_token', 'accessToken', 'refresh_token', 'refreshToken', 'token', 'apiKey', 'api_key'];

/** The text that replaces a secret value. */
export const REDACTED = '[redacted]';

/** Secret values shorter than this are not searched for in text (too likely to match by chance). */
const MIN_SECRET_LENGTH = 6;

/**
 * What one client keeps secret: header names, body field names, and the secret values it holds
 * (API key, token, client secret, minted tokens), which are also scrubbed from any text, e.g. a
 * vendor error message that echoes the key it rejected.
 */
export interface Redactor {
  /** Remember a secret value so it is scrubbed from text. */
  addValue(value: string | undefined): void;
  /** `text` with every known secret value (and every value in `extra`) replaced. */
  text(text: string, extra?: readonly string[]): string;
  /** The values of secret fields in a request body (e.g. a password), at any depth, to scrub from what comes back. */
  valuesIn(body: unknown): string[];
  /** Headers as a plain object (lower-case names) with secret values replaced. */
  headersOf(headers: Headers | Record<string, string>): Record<string, string>;
  /** A deep copy of `value` with every secret field replaced and secret values (known, and `extra`) scrubbed from strings. */
  value(value: unknown, extra?: readonly string[]): unknown;
}

/** A redactor for the built-in secrets plus these extra header and field names. */
export function createRedactor(extraHeaders: readonly string[] = [], extraFields: readonly string[] = []): Redactor {
  const headers = new Set([...SECRET_HEADERS, ...extraHeaders].map((h) => h.toLowerCase()));
  const fields = new Set([...ALWAYS_SECRET, ...extraFields]);
  const values = new Set<string>();
  const long = (v: unknown): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH;

  const text = (input: string, extra: readonly string[] = []): string => {
    let out = input;
    for (const value of [...values, ...extra]) out = out.split(value).join(REDACTED);
    return out;
  };
  /** Walks objects and arrays to depth 32, calling `visit` on every field. */
  const walk = (v: unknown, visit: (key: string, item: unknown, depth: number) => void, depth = 0): void => {
    if (depth <= 32 && typeof v === 'object' && v !== null) for (const [key, item] of Object.entries(v)) visit(key, item, depth + 1);
  };

  return {
    addValue: (value) => void (long(value) && values.add(value)),
    text,
    valuesIn(body) {
      const found: string[] = [];
      const visit = (key: string, item: unknown, depth: number): void => {
        if (fields.has(key) && long(item)) found.push(item);
        else walk(item, visit, depth);
      };
      walk(body, visit);
      return found;
    },
    headersOf(given) {
      const out: Record<string, string> = {};
      for (const [key, value] of given instanceof Headers ? given : Object.entries(given)) {
        const name = key.toLowerCase();
        out[name] = headers.has(name) ? REDACTED : text(value);
      }
      return out;
    },
    value(input, extra) {
      const copy = (v: unknown, depth: number): unknown => {
        if (typeof v === 'string') return text(v, extra);
        if (depth > 32 || typeof v !== 'object' || v === null) return v;
        if (Array.isArray(v)) return v.map((item) => copy(item, depth + 1));
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(v)) out[key] = fields.has(key) ? REDACTED : copy(item, depth + 1);
        return out;
      };
      return copy(input, 0);
    },
  };
}

/** A deep copy of `value` with every secret field (at any depth) replaced. */
export function redact(value: unknown, secretFields: readonly string[] = []): unknown {
  return createRedactor([], secretFields).value(value);
}

/** Headers as a plain object with secret values replaced. */
export function redactHeaders(headers: Headers | Record<string, string>, extra: readonly string[] = []): Record<string, string> {
  return createRedactor(extra).headersOf(headers);
}
