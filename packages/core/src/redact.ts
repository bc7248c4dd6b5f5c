/** Redaction of secrets in headers, bodies and text, for errors and logs. */

/** Headers whose values are never shown. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization']);

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
export class Redactor {
  /** Header names (lower case) whose values are replaced. */
  readonly headers: ReadonlySet<string>;
  /** Body field names whose values are replaced, at any depth. */
  readonly fields: ReadonlySet<string>;
  private readonly values = new Set<string>();

  /** A redactor for the built-in secrets plus these extra header and field names. */
  constructor(extraHeaders: readonly string[] = [], extraFields: readonly string[] = []) {
    this.headers = new Set([...SECRET_HEADERS, ...extraHeaders.map((h) => h.toLowerCase())]);
    this.fields = new Set([...ALWAYS_SECRET, ...extraFields]);
  }

  /** Remember a secret value so it is scrubbed from text. */
  addValue(value: string | undefined): void {
    if (value && value.length >= MIN_SECRET_LENGTH) this.values.add(value);
  }

  /** `text` with every known secret value (and every value in `extra`) replaced. */
  text(text: string, extra: readonly string[] = []): string {
    let out = text;
    for (const value of [...this.values, ...extra]) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** The values of secret fields in a request body (e.g. a password), at any depth, to scrub from what comes back. */
  valuesIn(body: unknown): string[] {
    const found: string[] = [];
    const walk = (v: unknown, depth: number): void => {
      if (depth > 32 || typeof v !== 'object' || v === null) return;
      for (const [key, item] of Object.entries(v)) {
        if (this.fields.has(key) && typeof item === 'string' && item.length >= MIN_SECRET_LENGTH) found.push(item);
        else walk(item, depth + 1);
      }
    };
    walk(body, 0);
    return found;
  }

  /** Headers as a plain object with secret values replaced. */
  headersOf(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => {
      out[key] = this.headers.has(key) ? REDACTED : this.text(value);
    });
    return out;
  }

  /** A deep copy of `value` with every secret field replaced and secret values (known, and `extra`) scrubbed from strings. */
  value(value: unknown, extra: readonly string[] = []): unknown {
    const walk = (v: unknown, depth: number): unknown => {
      if (typeof v === 'string') return this.text(v, extra);
      if (depth > 32 || typeof v !== 'object' || v === null) return v;
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) out[key] = this.fields.has(key) ? REDACTED : walk(item, depth + 1);
      return out;
    };
    return walk(value, 0);
  }
}

/** A deep copy of `value` with every secret field (at any depth) replaced. */
export function redact(value: unknown, secretFields: readonly string[] = []): unknown {
  return new Redactor([], secretFields).value(value);
}

/** Headers as a plain object with secret values replaced. */
export function redactHeaders(headers: Headers, extra: readonly string[] = []): Record<string, string> {
  return new Redactor(extra).headersOf(headers);
}
