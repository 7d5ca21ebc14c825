import { defaultExclude, defineConfig } from 'vitest/config';

/**
 * The suites that drive real browsers: each runs several Chromium or Firefox
 * processes doing WebRTC, and they measure time-sensitive things (a new
 * speaker's first frame, a floor ending by itself). On two cores they run one
 * at a time, after the rest, so they neither starve nor are starved.
 */
const BROWSER_SUITES = ['test/media-e2e.test.ts', 'test/web-*.test.ts'];

const integration = {
  globalSetup: 'test/global-setup.ts',
  // Each test file against its own database cloned from a migrated
  // template, and its own mediasoup workers.
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

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
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...defaultExclude, 'test/unit/**', ...BROWSER_SUITES],
          // Test files run in parallel.
          ...integration,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: BROWSER_SUITES,
          ...integration,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
