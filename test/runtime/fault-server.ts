/**
 * A node:http server on 127.0.0.1 that answers each route from a script of faults: a normal
 * answer (optionally slow), a reset connection, a request left hanging, or headers followed by a
 * body that never finishes. It records every request (method, path, headers, body, arrival time),
 * so tests can count attempts and check what was sent each time.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** `METHOD /path`, without the query string. */
  route: string;
  /** HTTP method. */
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Request headers, names in lower case. */
  headers: IncomingHttpHeaders;
  /** The body as text ('' when there was none). */
  body: string;
  /** `performance.now()` when the request had been read. */
  at: number;
}

/** What the server does with one request. */
export type Fault =
  | { kind: 'reply'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'stall'; status: number; body: string };

/** A fault computed from the request and its number on the route (1-based). */
export type Handler = (request: RecordedRequest, n: number) => Fault;

/** Answer `status` with a JSON body (or a string as is) and extra headers. */
export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Fault => ({ kind: 'reply', status, body, headers });
/** Answer after `delayMs`. */
export const slow = (delayMs: number, status: number, body?: unknown): Fault => ({ kind: 'reply', status, body, delayMs });
/** Reset the connection (TCP RST) without answering. */
export const reset = (): Fault => ({ kind: 'reset' });
/** Never answer. */
export const hang = (): Fault => ({ kind: 'hang' });
/** Send the headers and the first bytes of the body, then stall forever. */
export const stall = (status: number, body: unknown): Fault => ({ kind: 'stall', status, body: JSON.stringify(body) });

/** A running fault server. */
export interface FaultServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request received since the last `clear()`, in order. */
  requests: RecordedRequest[];
  /** Requests received on `route` (`'GET /providers/1'`), or on every route. */
  count(route?: string): number;
  /** Requests received on `route`. */
  on(route: string): RecordedRequest[];
  /** Scripts a route: the n-th request gets the n-th step; the last step repeats. */
  script(route: string, ...steps: (Fault | Handler)[]): void;
  /** Forgets every script and recorded request. */
  clear(): void;
  /** Closes every connection (hanging ones included) and the server. */
  close(): Promise<void>;
}

/** Starts a fault server on a free loopback port. Unscripted routes answer 404. */
export async function startFaultServer(): Promise<FaultServer> {
  const scripts = new Map<string, (Fault | Handler)[]>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const route = `${req.method ?? 'GET'} ${path}`;
      const recorded: RecordedRequest = { route, method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      requests.push(recorded);
      const steps = scripts.get(route);
      const n = requests.filter((r) => r.route === route).length;
      const step = steps?.[Math.min(n, steps.length) - 1];
      const fault = step === undefined ? reply(404, { message: `no script for ${route}` }) : typeof step === 'function' ? step(recorded, n) : step;
      act(fault, req, res);
    });
  });

  function act(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
    switch (fault.kind) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return;
      case 'stall':
        res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(fault.body)) });
        res.write(fault.body.slice(0, Math.floor(fault.body.length / 2)));
        return;
      case 'reply': {
        const send = (): void => {
          if (res.destroyed) return;
          const text = fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
          const type = typeof fault.body === 'string' ? 'text/plain' : 'application/json';
          res.writeHead(fault.status, { ...(text ? { 'content-type': type } : {}), 'content-length': String(Buffer.byteLength(text)), ...fault.headers });
          res.end(text);
        };
        if (!fault.delayMs) return send();
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, fault.delayMs);
        timers.add(timer);
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
