import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Tests drive the built binary as child processes: each one starts Node, opens a store, runs a job.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
