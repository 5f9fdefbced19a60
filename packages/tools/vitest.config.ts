import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // isolated-vm needs --no-node-snapshot on Node >= 20; worker threads refuse it, forks accept it.
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
