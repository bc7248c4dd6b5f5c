/** The optional logger hook: one debug line per attempt, secrets redacted, bodies only on request. */

/** Anything with a `debug` method: `console`, pino, winston. */
export interface Logger {
  /** Receives a one-line summary and structured fields. */
  debug(message: string, fields: Record<string, unknown>): void;
}

/** A URL with every query value replaced: query strings can carry names and identifiers. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${url.slice(0, q)}?${params.join('&')}`;
}
