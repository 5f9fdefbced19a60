import { defineConfig } from 'vitest/config';

// Runs the conformance suites against deliberately broken adapters (see ../meta.test.ts).
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.fixture.ts'],
    testTimeout: 30_000,
  },
});
