/** The optional logger hook: one debug line per attempt, secrets redacted, bodies only on request. */
import type { Redactor } from './redact.js';
import type { TransportConfig } from './transport.js';
import type { CallRecord, Outgoing } from './types.js';

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

/** What one attempt did, for its log line. */
export interface AttemptOutcome {
  /** The call so far. */
  record: CallRecord;
  /** The request as sent. */
  input: Outgoing;
  /** The body as sent. */
  body: RequestInit['body'];
  /** `performance.now()` when the attempt started. */
  started: number;
  /** Status code, `timeout` or `connection error`. */
  outcome: string;
  /** The response, or its body text when the transport already read it. */
  response?: Response | string | undefined;
  /** What happens next, e.g. `retrying in 500 ms`. */
  next?: string | undefined;
}

/**
 * Logs one attempt: method, URL (query values hidden), status, attempt, duration, request
 * headers with secrets redacted, and with `logBodies` the request and response bodies, secret fields redacted.
 */
export async function logAttempt(logger: Logger, config: TransportConfig, attempt: AttemptOutcome): Promise<void> {
  const { record, input, response, outcome, next } = attempt;
  const { redactor } = config;
  const durationMs = Math.round(performance.now() - attempt.started);
  const url = safeUrl(input.url);
  const fields: Record<string, unknown> = {
    vendor: record.vendor.name,
    operationId: record.op.id,
    method: input.method,
    url,
    status: /^\d/.test(outcome) ? record.status : undefined,
    attempt: record.attempts,
    durationMs,
    requestHeaders: redactor.headersOf(input.headers),
    next,
  };
  if (config.logBodies) {
    fields.requestBody = bodyForLog(attempt.body, redactor);
    const text = typeof response === 'object' ? await response.clone().text().catch(() => undefined) : response;
    fields.responseBody = bodyForLog(text, redactor);
  }
  logger.debug(`${fields.vendor as string}.${record.op.id} ${input.method} ${url} → ${outcome} (attempt ${record.attempts}, ${durationMs} ms${next ? `; ${next}` : ''})`, fields);
}

/** A body as logged: JSON with secret fields redacted; anything else is only described (it could hold a secret in a form we cannot parse). */
function bodyForLog(body: RequestInit['body'] | string | undefined, redactor: Redactor): unknown {
  if (!body) return undefined;
  if (typeof body !== 'string') return `[${body.constructor.name} body, not logged]`;
  try {
    return redactor.value(JSON.parse(body) as unknown);
  } catch {
    return `[${body.length} characters of non-JSON text, not logged]`;
  }
}
