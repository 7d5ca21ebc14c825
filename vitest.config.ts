import { defaultExclude, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A run-wide option (not a project's).
    teardownTimeout: 15_000,
    projects: [
      {
        // The pure policies: no database, no mediasoup worker, no network;
        // seconds in all (`npm run test:unit`).
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'web/test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...defaultExclude, 'test/unit/**'],
          globalSetup: ['test/global-setup.ts'],
          // Test files run in parallel, each against its own database cloned
          // from a migrated template, and its own mediasoup workers.
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
