// `npm run test:e2e`: the dev stack with the real Pulumi CLI (built by `npm run tools`), one step
// after the other on one stack; each step's time is printed at the end.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
