/** Redaction of secrets in headers and bodies, for errors and logs. */

/** Headers whose values are never shown. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Body fields that are always secret, whatever the spec says. */
const ALWAYS_SECRET = ['password', 'client_secret', 'clientSecret', 'access_token', 'accessToken', 'refresh_token', 'token', 'apiKey', 'api_key'];

/** The text that replaces a secret value. */
export const REDACTED = '[redacted]';

/** Headers as a plain object with secret values replaced. */
export function redactHeaders(headers: Headers, extra: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const secret = new Set([...SECRET_HEADERS, ...extra.map((h) => h.toLowerCase())]);
  headers.forEach((value, key) => {
    out[key] = secret.has(key) ? REDACTED : value;
  });
  return out;
}

/** A deep copy of `value` with every secret field (at any depth) replaced. */
export function redact(value: unknown, secretFields: readonly string[] = []): unknown {
  const secrets = new Set([...ALWAYS_SECRET, ...secretFields]);
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 32 || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) out[key] = secrets.has(key) ? REDACTED : walk(item, depth + 1);
    return out;
  };
  return walk(value, 0);
}
