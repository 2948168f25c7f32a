// `npm run test:atlas`: the before/after case corpus with the Atlas engine (test/*.atlas.ts). Every
// case plans, applies and re-plans twice over, so it runs apart from `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.atlas.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/tracked-files.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
