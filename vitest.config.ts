import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: {
    // graphql must load once: without these conditions vitest resolves it twice ("another realm").
    resolve: { conditions: ['module-sync', 'node', 'development|production'] },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The load and crash suites run for minutes and load every core: `npm test` leaves them out, and
    // `npm run test:load` / `npm run test:crash` run them alone (ESBANK_LONG_SUITES=1), as CI does.
    exclude: process.env.ESBANK_LONG_SUITES ? ['**/node_modules/**'] : ['**/node_modules/**', 'test/load/**', 'test/crash/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration files each open their own PGlite instance or Postgres database: run files in
    // parallel, tests inside a file in sequence.
    fileParallelism: true,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
