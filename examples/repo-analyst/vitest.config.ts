import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each test runs a whole analysis: git, SQLite, a sandbox child process.
    testTimeout: 60_000,
  },
});
