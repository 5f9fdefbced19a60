import { defineConfig } from 'tsup';

export default defineConfig({
  // The sandbox child is a second entry because the supervised sandbox forks it as a process.
  entry: { index: 'src/index.ts', 'sandbox-child': 'src/sandbox/supervised/sandbox-child.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  external: ['@agenticflow/core', 'isolated-vm', 'zod', /^@modelcontextprotocol\/sdk/],
});
