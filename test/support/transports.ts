/**
 * The transport a test file's clients use. The parity and fault suites run twice (see
 * vitest.config.ts): once on fetch, the default, and once as the `undici` project, where
 * `CAREAPIS_TRANSPORT=undici` makes {@link transportOptions} hand every client the same
 * `undiciTransport()`. Spread it into a client's options: `createStediClient({ ...options, ...transportOptions() })`.
 */
import { afterAll, expect } from 'vitest';
import { undiciTransport, type UndiciTransport } from '@careapis/core/undici';
import type { HttpTransport } from '@careapis/core';

/** The transport under test: `fetch` (the default) or `undici`. */
export const TRANSPORT = process.env.CAREAPIS_TRANSPORT === 'undici' ? 'undici' : 'fetch';

let shared: UndiciTransport | undefined;
let sent = 0;
/** The undici transport of this file, counting what it sends (so a file that never used it fails instead of passing on fetch). */
let counted: HttpTransport | undefined;

/** The options that select the transport under test: none for fetch, `{ transport }` for undici. */
export function transportOptions(): { transport?: HttpTransport } {
  if (TRANSPORT === 'fetch') return {};
  if (!counted) {
    const transport = (shared = undiciTransport());
    counted = {
      send(url, init) {
        sent++;
        return transport.send(url, init);
      },
    };
  }
  return { transport: counted };
}

if (TRANSPORT === 'undici') {
  afterAll(async () => {
    // Every file of the undici project sends through undici: a client built without transportOptions() would not.
    expect(sent, 'requests sent through the undici transport in this file').toBeGreaterThan(0);
    await shared?.close();
  });
}
