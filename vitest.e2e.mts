// The end-to-end suite: slower tests that run the real tools as separate processes
// (`npm run test:e2e`). The unit and database suite is vitest.config.mts (`npm test`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.e2e.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
