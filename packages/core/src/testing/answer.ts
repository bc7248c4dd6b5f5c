/** The responses the handlers give: a documented answer, or a vendor error carrying a message that says what is wrong. */
import { HttpResponse } from 'msw';
import type { Json, MockAnswer } from './data.js';
import type { Problem } from './validate.js';

/** An answer as a test gives it to `override`: a status, a body, extra headers. */
export interface AnyAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Freezes a value and everything in it, so a test cannot change what later requests get. */
export function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}

/** A response for an answer: JSON when it has a body, empty otherwise. */
export function reply(answer: AnyAnswer): Response {
  const init = { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) };
  return answer.body === undefined ? new HttpResponse(null, init) : HttpResponse.json(answer.body as Json, init);
}

/** Writes a string into a body at a path of keys. */
function put(body: Json, path: (string | number)[] | undefined, text: string): void {
  if (!path?.length) return;
  let node = body as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]!] = text;
}

/** An error answer: the message written into the field its body keeps messages in (and the field in error beside it, where the body names one). */
export function rejection(answer: MockAnswer, message: string, field?: string): Response {
  if (answer.body === undefined) return new HttpResponse(null, { status: answer.status });
  const body = structuredClone(answer.body);
  put(body, answer.slot, message);
  if (field !== undefined) put(body, answer.fieldSlot, field);
  return HttpResponse.json(body, { status: answer.status });
}

/**
 * The rejection for a list of problems, the first one's field beside the message. The message
 * stays within 200 characters (what error messages are read up to): up to five problems, else the
 * first and how many more.
 */
export function rejectionFor(answer: MockAnswer, list: Problem[]): Response {
  let message = `Invalid request: ${list
    .slice(0, 5)
    .map((p) => p.text)
    .join('; ')}${list.length > 5 ? ` (and ${list.length - 5} more)` : ''}`;
  if (message.length > 200) message = `Invalid request: ${list[0]?.text ?? ''}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}`;
  if (message.length > 200) message = `${message.slice(0, 199)}…`;
  return rejection(answer, message, list[0]?.field);
}
