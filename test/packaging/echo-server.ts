/**
 * A node:http server on 127.0.0.1 for the consumer smoke runs: it answers token endpoints with a
 * token, every other request with a JSON echo of its method and URL, and records what it received.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The JSON body every non-token request gets back. */
export interface Echo {
  echo: { method: string; url: string };
}

/** A running echo server. */
export interface EchoServer {
  /** Base URL, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** The requests received since the last call, oldest first; clears the list. */
  take(): ReceivedRequest[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** The token a token endpoint hands out: `token-for` plus its path, so each vendor's differs. */
export const tokenFor = (path: string): string => `token-for${path.replace(/\//g, '-')}`;

/** Starts the server; POSTs to any of `tokenPaths` get `{ access_token, expires_in }`. */
export function startEchoServer(tokenPaths: readonly string[]): Promise<EchoServer> {
  let received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? '';
      const url = req.url ?? '';
      received.push({ method, url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const isToken = method === 'POST' && tokenPaths.includes(url);
      const body: object = isToken ? { access_token: tokenFor(url), expires_in: 3600, token_type: 'Bearer' } : ({ echo: { method, url } } satisfies Echo);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        take: () => {
          const taken = received;
          received = [];
          return taken;
        },
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
