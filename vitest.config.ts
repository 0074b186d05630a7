import { defineConfig } from 'vitest/config';

export default defineConfig({
  ssr: {
    // graphql must load once: without these conditions vitest resolves it twice ("another realm").
    resolve: { conditions: ['module-sync', 'node', 'development|production'] },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration files each open their own PGlite instance or Postgres database: run files in
    // parallel, tests inside a file in sequence.
    fileParallelism: true,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
