/**
 * Debug logging, opt-in: `logger: debugLogger(console)` logs one line per attempt, secrets
 * redacted; the structured fields and the bodies only when asked. A bundle that never imports
 * `debugLogger` carries none of it.
 */
import { headersOf, type Redactor } from './redact.js';
import type { RetryDecision } from './retry.js';
import type { CallRecord, Outgoing } from './types.js';

/** Where log lines go: anything with a `debug` method, such as `console`, pino or winston. */
export interface Logger {
  /** Receives a one-line summary, and the structured fields when {@link DebugLoggerOptions.fields} (or `bodies`) asks for them. */
  debug(message: string, fields?: Record<string, unknown>): void;
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
  /** What happens next: another attempt (after how long, and why) or none. */
  decision: RetryDecision;
}

/** Receives every attempt of every call of a client (the client option `logger`); make one with {@link debugLogger}. */
export type AttemptLogger = (attempt: AttemptOutcome) => Promise<void> | void;

/** Options of {@link debugLogger}. */
export interface DebugLoggerOptions {
  /** Pass the structured fields (vendor, operationId, method, url, status, attempt, durationMs, requestHeaders with secrets redacted, next) as `debug`'s second argument, e.g. for pino or winston. Default false: the one line only. */
  fields?: boolean;
  /** Include request and response bodies in the fields (they may hold PHI; implies `fields`); secret fields stay redacted. Default false. */
  bodies?: boolean;
}

/**
 * A client `logger` that writes one debug line per attempt to `logger` (e.g. `console`):
 * `stedi.getProvider GET https://…/providers/p1 → 503 (attempt 1, 84 ms; retrying in 512 ms)`,
 * query values hidden. With `fields`, the structured fields too; with `bodies`, the request and
 * response bodies among them, secret fields redacted.
 */
export function debugLogger(logger: Logger, options: DebugLoggerOptions = {}): AttemptLogger {
  return (attempt) => logAttempt(logger, options.bodies === true, options.fields === true || options.bodies === true, attempt);
}

/** Logs one attempt. */
async function logAttempt(logger: Logger, bodies: boolean, withFields: boolean, attempt: AttemptOutcome): Promise<void> {
  const { record, input, response, outcome } = attempt;
  const { decision } = attempt;
  const next = !decision.retry ? undefined : decision.reason === 'token rejected' ? 'refreshing the token and retrying' : `retrying in ${decision.delayMs} ms`;
  const redactor = record.redactor as Redactor;
  const durationMs = Math.round(performance.now() - attempt.started);
  const url = safeUrl(input.url);
  const line = `${record.vendor.name}.${record.op.id} ${input.method} ${url} → ${outcome} (attempt ${record.attempts}, ${durationMs} ms${next ? `; ${next}` : ''})`;
  if (!withFields) return logger.debug(line);
  const fields: Record<string, unknown> = {
    vendor: record.vendor.name,
    operationId: record.op.id,
    method: input.method,
    url,
    status: /^\d/.test(outcome) ? record.status : undefined,
    attempt: record.attempts,
    durationMs,
    requestHeaders: headersOf(redactor, input.headers),
  };
  // Only what is known: no `status` for a timeout, no `next` after the last attempt.
  if (fields.status === undefined) delete fields.status;
  if (next !== undefined) fields.next = next;
  if (bodies) {
    const sent = parse(attempt.body);
    fields.requestBody = bodyForLog(attempt.body, sent, redactor);
    const text = typeof response === 'object' ? await response.clone().text().catch(() => undefined) : response;
    const answer = parse(text);
    // A secret sent (a password) or returned (a token) is scrubbed wherever the answer repeats it, free text included.
    fields.responseBody = bodyForLog(text, answer, redactor, [...redactor.valuesIn(sent), ...redactor.valuesIn(answer)]);
  }
  logger.debug(line, fields);
}

/** A body as logged: JSON (`parsed`, or {@link NOT_JSON}) with secret fields redacted and `extra` values scrubbed; anything else is only described (it could hold a secret in a form we cannot parse). */
function bodyForLog(body: RequestInit['body'] | string | undefined, parsed: unknown, redactor: Redactor, extra?: string[]): unknown {
  if (!body) return undefined;
  if (typeof body !== 'string') return `[${body.constructor.name} body, not logged]`;
  return parsed === NOT_JSON ? `[${body.length} characters of non-JSON text, not logged]` : redactor.value(parsed, extra);
}

/** What {@link parse} returns for a body that is not JSON text. */
const NOT_JSON = Symbol('not JSON');

/** A body parsed as JSON, or {@link NOT_JSON}. */
function parse(body: unknown): unknown {
  try {
    return JSON.parse(body as string);
  } catch {
    return NOT_JSON;
  }
}
