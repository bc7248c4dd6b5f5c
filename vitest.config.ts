import { defineConfig } from 'vitest/config';

// One test tree for the whole repo: test/<area>/*.test.ts. Packages are tested as built (dist/),
// the way users get them; `npm test` builds first.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
