import { defineConfig } from 'vitest/config';

/** Vitest configuration: engine tests run in Node; browser tests (tests/browser) drive Chromium via puppeteer. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
