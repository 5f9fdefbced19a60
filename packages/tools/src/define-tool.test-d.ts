import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import type { Tool, ToolContext } from './tool-types.js';

describe('defineTool types', () => {
  it('infers the input of execute from the input schema', () => {
    defineTool({
      name: 'a',
      description: 'd',
      input: z.object({ city: z.string(), days: z.number().int().default(1) }),
      execute(input, context) {
        expectTypeOf(input).toEqualTypeOf<{ city: string; days: number }>();
        expectTypeOf(context).toEqualTypeOf<ToolContext>();
        return 1;
      },
    });
  });

  it('types the result from the output schema, or from execute without one', () => {
    const withOutput = defineTool({
      name: 'b',
      description: 'd',
      input: z.object({}),
      output: z.object({ celsius: z.number() }),
      execute: async () => ({ celsius: 20 }),
    });
    expectTypeOf(withOutput).toEqualTypeOf<Tool<Record<string, never>, { celsius: number }>>();
    const withoutOutput = defineTool({
      name: 'c',
      description: 'd',
      input: z.object({ n: z.number() }),
      execute: async ({ n }) => n * 2,
    });
    expectTypeOf(withoutOutput).toEqualTypeOf<Tool<{ n: number }, number>>();
  });

  it('rejects an execute whose result breaks the output schema', () => {
    // @ts-expect-error celsius must be a number
    defineTool({
      name: 'd',
      description: 'd',
      input: z.object({}),
      output: z.object({ celsius: z.number() }),
      execute: () => ({ celsius: 'warm' }),
    });
  });

  it('types permission and approval callbacks with the input', () => {
    defineTool({
      name: 'e',
      description: 'd',
      input: z.object({ path: z.string() }),
      permissions: (input) => {
        expectTypeOf(input).toEqualTypeOf<{ path: string }>();
        return [`fs:read:${input.path}`];
      },
      approval: (input) => input.path.startsWith('/etc'),
      execute: () => null,
    });
  });
});
