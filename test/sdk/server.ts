/**
 * A node:http server on loopback for the facade's tests: records every request and answers by
 * path. Token endpoints (`…/token`, `/auth-tokens/…`) mint a token; `/hang…` never answers;
 * `/unavailable…` answers 503; everything else answers 200 with a small JSON body.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A running recording server. */
export interface RecordingServer {
  /** Base URL, e.g. `http://127.0.0.1:43210`. */
  url: string;
  /** Every request so far, in arrival order. */
  received: Received[];
  /** Stops the server, dropping hanging requests. */
  close(): Promise<void>;
}

/** The token the server mints. */
export const MINTED_TOKEN = 'minted-token-from-loopback';

/** Starts the server on a free 127.0.0.1 port. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      received.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (path.includes('/hang')) {
        hanging.add(res);
        return;
      }
      if (path.includes('/unavailable')) return send(res, 503, { message: 'try later' });
      if (path.endsWith('/token') || path.startsWith('/auth-tokens/')) return send(res, 200, { access_token: MINTED_TOKEN, expires_in: 3600 });
      send(res, 200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
