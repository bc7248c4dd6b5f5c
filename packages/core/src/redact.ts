/** Redaction of secrets in headers, bodies and text, for errors and logs. */

/** Headers whose values are never shown. */
export const SECRET_HEADERS: readonly string[] = ['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization'];

/**
 * Body fields that are always secret, whatever the spec says: any name ending in `token`,
 * `secret`, `password` or `api(_)key`, in any case (`access_token`, `userAccessToken`,
 * `client_secret`, `newPassword`, `apiKey` …).
 */
const ALWAYS_SECRET = /(?:token|secret|password|api[-_]?key)$/i;

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
  /** Header names whose values are never shown, lower-case. */
  readonly headers: ReadonlySet<string>;
  /** Remember a secret value so it is scrubbed from text. */
  addValue(value: string | undefined): void;
  /** `text` with every known secret value (and every value in `extra`) replaced. */
  text(text: string, extra?: readonly string[]): string;
  /** The values of secret fields in a request body (e.g. a password), at any depth, to scrub from what comes back. */
  valuesIn(body: unknown): string[];
  /** A deep copy of `value` (no prototype taken from its keys) with every secret field replaced and secret values (known, and `extra`) scrubbed from strings. */
  value(value: unknown, extra?: readonly string[]): unknown;
}

/** A redactor for the built-in secrets plus these extra header and field names. */
export function createRedactor(extraHeaders: readonly string[] = [], extraFields: readonly string[] = []): Redactor {
  const fields = new Set(extraFields);
  const secret = (key: string): boolean => fields.has(key) || ALWAYS_SECRET.test(key);
  const values = new Set<string>();
  const long = (v: unknown): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH;
  const text = (input: string, extra: readonly string[] = []): string => {
    let out = input;
    for (const value of [...values, ...extra]) out = out.split(value).join(REDACTED);
    return out;
  };
  /** Objects and arrays are walked to depth 32. */
  const entries = (v: unknown, depth: number): [string, unknown][] => (depth <= 32 && typeof v === 'object' && v !== null ? Object.entries(v) : []);

  return {
    headers: new Set([...SECRET_HEADERS, ...extraHeaders].map((h) => h.toLowerCase())),
    addValue: (value) => void (long(value) && values.add(value)),
    text,
    valuesIn(body) {
      const found: string[] = [];
      const visit = (v: unknown, depth: number): void => {
        for (const [key, item] of entries(v, depth)) secret(key) && long(item) ? found.push(item) : visit(item, depth + 1);
      };
      visit(body, 0);
      return found;
    },
    value(input, extra) {
      const copy = (v: unknown, depth: number): unknown => {
        if (typeof v === 'string') return text(v, extra);
        if (Array.isArray(v)) return depth > 32 ? v : v.map((item) => copy(item, depth + 1));
        const found = entries(v, depth);
        // fromEntries defines each key, so a `__proto__` from the wire stays a plain key, not the copy's prototype.
        return found.length ? Object.fromEntries(found.map(([key, item]) => [key, secret(key) ? REDACTED : copy(item, depth + 1)])) : v;
      };
      return copy(input, 0);
    },
  };
}

/** Headers as a plain object (lower-case names), values of secret headers replaced and known secret values scrubbed. */
export function headersOf(redactor: Redactor, given: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of given instanceof Headers ? given : Object.entries(given)) {
    const name = key.toLowerCase();
    out[name] = redactor.headers.has(name) ? REDACTED : redactor.text(value);
  }
  return out;
}

