import { collect, InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, uniqueStreamId } from '@agenticflow/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolExecutor } from '../executor/tool-executor.js';
import { createSandbox } from '../sandbox/create-sandbox.js';
import { defineHostFunction } from '../sandbox/host-function.js';
import { defineSandboxedTool } from '../sandbox/sandboxed-tool.js';
import { ToolRegistry } from '../tool-registry.js';
import { createCodeTool } from './code-tool.js';

const sandbox = createSandbox({ poolSize: 1, timeoutMs: 500 });
afterAll(() => sandbox.close());

const registry = new ToolRegistry();
registry.register([
  createCodeTool({
    sandbox,
    hostFunctions: { double: defineHostFunction({ input: z.number(), call: (n) => n * 2 }) },
  }),
  defineSandboxedTool({
    name: 'orders.total',
    description: 'totals orders',
    input: z.object({ orders: z.array(z.object({ total: z.number() })) }),
    output: z.object({ count: z.number(), total: z.number() }),
    code: 'return { count: input.orders.length, total: input.orders.reduce((sum, order) => sum + order.total, 0) }',
    sandbox,
  }),
  defineSandboxedTool({
    name: 'broken.shape',
    description: 'returns the wrong shape',
    input: z.object({}),
    output: z.object({ count: z.number() }),
    code: 'return { count: "many" }',
    sandbox,
  }),
]);
const executor = new ToolExecutor({ registry });
const caller = { id: 'agent', grants: ['code:run:js'] };

describe('code tool', () => {
  it('runs model-written JavaScript with its input, logs and host functions', async () => {
    const result = await executor.execute(
      'code.run',
      {
        code: 'console.log("summing"); return input.values.reduce((a, b) => a + b, 0) + await host.double(2)',
        input: { values: [1, 2, 3] },
      },
      { caller },
    );
    expect(result.output).toEqual({ result: 10, logs: ['summing'], logsTruncated: false });
  });

  it('needs the grant code:run:js', async () => {
    await expectRejectedCode(
      executor.execute('code.run', { code: 'return 1' }, { caller: { id: 'x', grants: [] } }),
      'PERMISSION_DENIED',
    );
  });

  it('turns a runaway script into a recorded TIMEOUT', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('run');
    await expectRejectedCode(
      executor.execute('code.run', { code: 'for (;;) {}' }, { caller, store, streamId }),
      'TIMEOUT',
    );
    const events = await collect(store.readStream(streamId));
    expect(events.map((event) => event.type)).toEqual(['tool.called', 'tool.failed']);
    expect(events[1]!.data).toMatchObject({ phase: 'execution', error: { code: 'TIMEOUT' } });
  });
});

describe('sandboxed tools', () => {
  it('validates the input, runs the code in the sandbox and validates the output', async () => {
    const result = await executor.execute(
      'orders.total',
      { orders: [{ total: 5 }, { total: 7 }] },
      { caller },
    );
    expect(result.output).toEqual({ count: 2, total: 12 });
    await expectRejectedCode(
      executor.execute('orders.total', { orders: [{ total: 'five' }] }, { caller }),
      'VALIDATION_FAILED',
    );
    const error = await expectRejectedCode(
      executor.execute('broken.shape', {}, { caller }),
      'VALIDATION_FAILED',
    );
    expect(error.details.phase).toBe('output');
  });
});
