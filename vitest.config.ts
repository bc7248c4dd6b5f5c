import { defineConfig } from 'vitest/config';

/** The suites that also run on the undici transport (`test/support/transports.ts`): parity with openapi-fetch, and the fault suites. */
const BOTH_TRANSPORTS = [
  'test/runtime/openapi-fetch-parity.test.ts',
  'test/runtime/retries.test.ts',
  'test/runtime/timeouts.test.ts',
  'test/runtime/auth.test.ts',
  'test/runtime/hostile-input.test.ts',
  'test/runtime/hostile-server.test.ts',
  'test/runtime/hostile-typed.test.ts',
];

// One test tree for the whole repo: test/<area>/*.test.ts. Packages are tested as built (dist/),
// the way users get them; `npm test` builds first. The `undici` project runs the suites above
// again with every client on `undiciTransport()`.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      { extends: true, test: { name: 'fetch', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'undici', include: BOTH_TRANSPORTS, env: { CAREAPIS_TRANSPORT: 'undici' } } },
    ],
  },
});
