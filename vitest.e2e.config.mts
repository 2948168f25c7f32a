// `npm run test:e2e`: the end-to-end suite, the real tools as separate processes (built by
// `npm run tools`): the dev stack with the real Pulumi CLI, one step after the other on one stack
// (each step's time is printed at the end), and the credentials command on local-kms.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'test/**/*.e2e.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/tracked-files.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
