import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The suites start their own processes; running the files one at a time keeps CI predictable.
    fileParallelism: false,
  },
});
