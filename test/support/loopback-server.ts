/**
 * The one loopback server of the test suite: a node:http server on 127.0.0.1 (ephemeral port)
 * that records every request and answers each `METHOD /path` from a script: a JSON (or text)
 * reply, optionally slow, a reset connection, a request left hanging, or headers followed by a
 * body that never finishes. Routes without a script get the `respond` handler given at start,
 * or 404.
 *
 * ```ts
 * const server = useLoopbackServer();                  // started before all, cleared before each, closed after all
 * server.script('GET /providers/p1', reply(503), reply(200, { id: 'p1' }));
 * expect(server.count('GET /providers/p1')).toBe(2);
 * ```
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** `METHOD /path`, without the query string. */
  route: string;
  /** HTTP method. */
  method: string;
  /** The path, without the query string. */
  path: string;
  /** Path and query, as sent. */
  url: string;
  /** Request headers, names in lower case. */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text ('' when there was none). */
  body: string;
  /** The body's bytes, for binary uploads. */
  bytes: Buffer;
  /** `performance.now()` when the request had been read. */
  at: number;
}

/** What the server does with one request. */
export type Answer =
  | { kind: 'reply'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'stall'; status: number; body: string };

/** An answer computed from the request and its number on the route (1-based, counted since the last `clear()`). */
export type Handler = (request: RecordedRequest, n: number) => Answer;

/** Answer `status` with a JSON body (a string is sent as is, as text/plain) and extra headers. */
export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Answer => ({ kind: 'reply', status, body, headers });
/** Answer like `reply`, after `delayMs`. */
export const slow = (delayMs: number, status: number, body?: unknown): Answer => ({ kind: 'reply', status, body, delayMs });
/** Reset the connection (TCP RST) without answering. */
export const reset = (): Answer => ({ kind: 'reset' });
/** Never answer (until the server closes). */
export const hang = (): Answer => ({ kind: 'hang' });
/** Send the headers and the first half of the JSON body, then stall until the server closes. */
export const stall = (status: number, body: unknown): Answer => ({ kind: 'stall', status, body: JSON.stringify(body) });

/** Options of a loopback server. */
export interface LoopbackOptions {
  /** The answer for routes without a script (default: 404 with `{ message: 'no script for …' }`). Not forgotten by `clear()`. */
  respond?: Handler;
}

/** A loopback server. */
export interface LoopbackServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (throws before the server listens). */
  readonly url: string;
  /** Every request received since the last `clear()`, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** Requests received on `route` (`'GET /providers/p1'`), or on every route. */
  count(route?: string): number;
  /** The requests received on `route`. */
  on(route: string): RecordedRequest[];
  /** Scripts a route: the n-th request gets the n-th step; the last step repeats. */
  script(route: string, ...steps: (Answer | Handler)[]): void;
  /** Forgets every script and recorded request. */
  clear(): void;
  /** Closes every connection (hanging ones included) and the server. */
  close(): Promise<void>;
}

/** A server that is not listening yet, and the call that makes it listen. */
function createLoopbackServer(options: LoopbackOptions): LoopbackServer & { listen(): Promise<void> } {
  const scripts = new Map<string, (Answer | Handler)[]>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const fallback: Handler = options.respond ?? ((request) => reply(404, { message: `no script for ${request.route}` }));
  let url: string | undefined;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const bytes = Buffer.concat(chunks);
      const recorded: RecordedRequest = { route: `${method} ${path}`, method, path, url: req.url ?? '/', headers: req.headers, body: bytes.toString('utf8'), bytes, at: performance.now() };
      requests.push(recorded);
      const n = requests.filter((r) => r.route === recorded.route).length;
      const steps = scripts.get(recorded.route);
      const step = steps?.[Math.min(n, steps.length) - 1] ?? fallback;
      const answer = typeof step === 'function' ? step(recorded, n) : step;
      act(answer, req, res);
    });
  });

  function act(answer: Answer, req: IncomingMessage, res: ServerResponse): void {
    switch (answer.kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return;
      case 'stall':
        res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(answer.body)) });
        res.write(answer.body.slice(0, Math.floor(answer.body.length / 2)));
        return;
      case 'reply': {
        const send = (): void => {
          if (res.destroyed) return;
          const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
          const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
          res.writeHead(answer.status, { ...(text ? { 'content-type': type } : {}), 'content-length': String(Buffer.byteLength(text)), ...answer.headers });
          res.end(text);
        };
        if (!answer.delayMs) return send();
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, answer.delayMs);
        timers.add(timer);
      }
    }
  }

  return {
    get url() {
      if (url === undefined) throw new Error('the loopback server is not listening yet');
      return url;
    },
    requests,
    count: (route) => (route === undefined ? requests.length : requests.filter((r) => r.route === route).length),
    on: (route) => requests.filter((r) => r.route === route),
    script: (route, ...steps) => {
      if (steps.length === 0) throw new Error('a script needs at least one step');
      scripts.set(route, steps);
    },
    clear: () => {
      scripts.clear();
      requests.length = 0;
    },
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a loopback server on a free 127.0.0.1 port; the caller closes it. */
export async function startLoopbackServer(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const server = createLoopbackServer(options);
  await server.listen();
  return server;
}

/** One loopback server for the calling test file (or describe block): listens before all tests, is cleared before each, closes after all. */
export function useLoopbackServer(options: LoopbackOptions = {}): LoopbackServer {
  const server = createLoopbackServer(options);
  beforeAll(() => server.listen());
  beforeEach(() => server.clear());
  afterAll(() => server.close());
  return server;
}
