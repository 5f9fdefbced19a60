import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { ToolRegistry } from './tool-registry.js';

const echo = (name: string) =>
  defineTool({
    name,
    description: 'echoes',
    input: z.object({ text: z.string() }),
    execute: ({ text }) => text,
  });

describe('ToolRegistry', () => {
  it('registers tools under a namespace and finds them by full or model-facing name', () => {
    const registry = new ToolRegistry();
    const [tool] = registry.register(echo('create_issue'), { namespace: 'mcp.github' });
    expect(tool!.name).toBe('mcp.github.create_issue');
    expect(registry.get('mcp.github.create_issue')).toBe(tool);
    expect(registry.get('mcp__github__create_issue')).toBe(tool);
    expect(registry.modelTools()).toEqual([
      {
        name: 'mcp__github__create_issue',
        description: 'echoes',
        inputSchema: tool!.inputJsonSchema,
      },
    ]);
  });

  it('rejects a duplicate name with DUPLICATE_TOOL and keeps the first', () => {
    const registry = new ToolRegistry();
    const [first] = registry.register(echo('fs.read'));
    expectThrownCode(() => registry.register(echo('fs.read')), 'DUPLICATE_TOOL');
    expectThrownCode(() => registry.register([echo('a.b'), echo('a.b')]), 'DUPLICATE_TOOL');
    expect(registry.get('a.b')).toBeUndefined();
    expect(registry.get('fs.read')).toBe(first);
  });

  it('rejects two names that collide once made model-facing', () => {
    const registry = new ToolRegistry();
    registry.register(echo('a.b'));
    expectThrownCode(() => registry.register(echo('a__b')), 'DUPLICATE_TOOL');
  });

  it('throws TOOL_NOT_FOUND for an unknown name, suggesting similar ones', () => {
    const registry = new ToolRegistry();
    registry.register([echo('fs.read'), echo('http.fetch')]);
    const error = expectThrownCode(() => registry.require('fs.raed'), 'TOOL_NOT_FOUND');
    expect(error.message).toContain('"fs.read"');
    expect(error.details.similar).toEqual(['fs.read']);
  });

  it('unregisters a tool so its name can be used again', () => {
    const registry = new ToolRegistry();
    registry.register(echo('x'));
    expect(registry.unregister('x')).toBe(true);
    expect(registry.unregister('x')).toBe(false);
    registry.register(echo('x'));
    expect(registry.list().map((tool) => tool.name)).toEqual(['x']);
  });
});

describe('defineTool', () => {
  it('rejects invalid names, a missing description and a non-object input', () => {
    expectThrownCode(() => echo('has space'), 'VALIDATION_FAILED');
    expectThrownCode(() => echo('trailing.'), 'VALIDATION_FAILED');
    expectThrownCode(
      () => defineTool({ name: 'x', description: ' ', input: z.object({}), execute: () => 1 }),
      'INVALID_CONFIGURATION',
    );
    expectThrownCode(
      () => defineTool({ name: 'x', description: 'd', input: z.string(), execute: () => 1 }),
      'INVALID_CONFIGURATION',
    );
  });

  it('exports the input as JSON Schema for models', () => {
    const tool = defineTool({
      name: 'weather.get',
      description: 'weather',
      input: z.object({
        city: z.string().describe('City name'),
        days: z.number().int().default(1),
      }),
      execute: () => 1,
    });
    expect(tool.inputJsonSchema).toMatchObject({
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name' },
        days: { type: 'integer', default: 1 },
      },
      required: ['city'],
    });
  });

  it('rejects a malformed fixed permission when defined', () => {
    expectThrownCode(
      () =>
        defineTool({
          name: 'x',
          description: 'd',
          input: z.object({}),
          permissions: ['nope'],
          execute: () => 1,
        }),
      'VALIDATION_FAILED',
    );
  });
});
