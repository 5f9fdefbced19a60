import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One test that starts three worker processes and runs 100 workflow runs through them.
    testTimeout: 90_000,
    hookTimeout: 30_000,
  },
});
