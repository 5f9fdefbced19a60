import { collect, InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, uniqueStreamId, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { ToolRegistry } from '../tool-registry.js';
import type { Tool } from '../tool-types.js';
import { ToolExecutor } from './tool-executor.js';

const caller = { id: 'agent-1', grants: ['fs:read:/workspace/**', 'demo:use'] };

function setup(tools: Tool[], options: { maxResultBytes?: number } = {}) {
  const registry = new ToolRegistry();
  registry.register(tools);
  return new ToolExecutor({ registry, ...options });
}

function spyTool(execute?: (input: { a: number; b: number }) => unknown) {
  const calls: unknown[] = [];
  const tool = defineTool({
    name: 'demo.add',
    description: 'adds',
    input: z.object({ a: z.number(), b: z.number() }),
    output: z.object({ sum: z.number() }),
    permissions: ['demo:use'],
    execute: (input) => {
      calls.push(input);
      return (execute ? execute(input) : { sum: input.a + input.b }) as { sum: number };
    },
  });
  return { tool, calls };
}

describe('ToolExecutor', () => {
  it('runs a valid call and returns the output with its model-facing content', async () => {
    const { tool, calls } = spyTool();
    const result = await setup([tool]).execute('demo.add', '{"a":1,"b":2}', { caller });
    expect(result.output).toEqual({ sum: 3 });
    expect(result.content).toBe('{"sum":3}');
    expect(result.truncated).toBe(false);
    expect(calls).toEqual([{ a: 1, b: 2 }]);
  });

  it.each([
    ['wrong types', { a: '1', b: 2 }],
    ['missing fields', { a: 1 }],
    ['JSON in prose', 'Sure! Here are the arguments: {"a":1,"b":2}'],
    ['truncated JSON', '{"a":1,"b":'],
  ])(
    'never executes arguments with %s and returns VALIDATION_FAILED with the issues',
    async (_, args) => {
      const { tool, calls } = spyTool();
      const error = await expectRejectedCode(
        setup([tool]).execute('demo.add', args, { caller }),
        'VALIDATION_FAILED',
      );
      expect((error.details.issues as unknown[]).length).toBeGreaterThan(0);
      expect(calls).toEqual([]);
    },
  );

  it('names the offending fields in the validation issues', async () => {
    const { tool } = spyTool();
    const error = await expectRejectedCode(
      setup([tool]).execute('demo.add', { a: 'x' }, { caller }),
      'VALIDATION_FAILED',
    );
    expect((error.details.issues as { path: unknown[] }[]).map((issue) => issue.path)).toEqual([
      ['a'],
      ['b'],
    ]);
  });

  it('rejects an unknown tool with TOOL_NOT_FOUND', async () => {
    const { tool } = spyTool();
    const error = await expectRejectedCode(
      setup([tool]).execute('demo.ad', {}, { caller }),
      'TOOL_NOT_FOUND',
    );
    expect(error.details.similar).toEqual(['demo.add']);
  });

  it('denies a caller without the grant, naming the missing grant, and does not execute', async () => {
    const { tool, calls } = spyTool();
    const error = await expectRejectedCode(
      setup([tool]).execute(
        'demo.add',
        { a: 1, b: 2 },
        { caller: { id: 'intruder', grants: ['demo:other'] } },
      ),
      'PERMISSION_DENIED',
    );
    expect(error.message).toContain('"demo:use"');
    expect(error.details.missing).toEqual(['demo:use']);
    expect(calls).toEqual([]);
  });

  it('computes permissions from the validated input', async () => {
    const tool = defineTool({
      name: 'files.read',
      description: 'reads',
      input: z.object({ path: z.string() }),
      permissions: ({ path }) => [`fs:read:${path}`],
      execute: () => 'ok',
    });
    const executor = setup([tool]);
    await expect(
      executor.execute('files.read', { path: '/workspace/a' }, { caller }),
    ).resolves.toMatchObject({ output: 'ok' });
    await expectRejectedCode(
      executor.execute('files.read', { path: '/etc/passwd' }, { caller }),
      'PERMISSION_DENIED',
    );
  });

  it('fails a call that outlives its timeout with TIMEOUT and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const tool = defineTool({
      name: 'slow',
      description: 'slow',
      input: z.object({}),
      timeoutMs: 50,
      execute: (_, context) => {
        signal = context.signal;
        return new Promise(() => {});
      },
    });
    const error = await expectRejectedCode(
      setup([tool]).execute('slow', {}, { caller }),
      'TIMEOUT',
    );
    expect(error.details.timeoutMs).toBe(50);
    expect(signal?.aborted).toBe(true);
  });

  it('fails with ABORTED when the caller aborts', async () => {
    const tool = defineTool({
      name: 'slow',
      description: 'slow',
      input: z.object({}),
      execute: () => new Promise(() => {}),
    });
    const controller = new AbortController();
    const call = setup([tool]).execute('slow', {}, { caller, signal: controller.signal });
    controller.abort();
    await expectRejectedCode(call, 'ABORTED');
  });

  it('rejects output that breaks the output schema with VALIDATION_FAILED', async () => {
    const { tool } = spyTool(() => ({ sum: 'three' }));
    const error = await expectRejectedCode(
      setup([tool]).execute('demo.add', { a: 1, b: 2 }, { caller }),
      'VALIDATION_FAILED',
    );
    expect(error.details.phase).toBe('output');
  });

  it('wraps a plain error thrown by a tool as TOOL_FAILED and keeps AgenticFlow errors as they are', async () => {
    const failing = defineTool({
      name: 'boom',
      description: 'b',
      input: z.object({}),
      execute: () => {
        throw new Error('kaput');
      },
    });
    const error = await expectRejectedCode(
      setup([failing]).execute('boom', {}, { caller }),
      'TOOL_FAILED',
    );
    expect(error.message).toContain('kaput');
  });

  it('caps the model-facing content with a truncation marker but returns the whole output', async () => {
    const big = defineTool({
      name: 'big',
      description: 'b',
      input: z.object({}),
      execute: () => 'é'.repeat(10_000),
    });
    const result = await setup([big], { maxResultBytes: 1_000 }).execute('big', {}, { caller });
    expect(result.truncated).toBe(true);
    expect(result.bytes).toBe(20_000);
    expect(Buffer.byteLength(result.content)).toBeLessThanOrEqual(1_000);
    expect(result.content).toMatch(/…\[truncated: \d+ of 20000 bytes shown\]$/);
    expect(result.output).toHaveLength(10_000);
  });

  it('records tool.called then tool.succeeded with a duration on the given stream', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('run');
    const { tool } = spyTool();
    await setup([tool]).execute(
      'demo.add',
      { a: 1, b: 2 },
      { caller, store, streamId, callId: 'call-1', idempotencyKey: 'run-1/step-1' },
    );
    const events = await collect(store.readStream(streamId));
    expect(events.map((event) => event.type)).toEqual(['tool.called', 'tool.succeeded']);
    expect(events[0]!.data).toMatchObject({
      callId: 'call-1',
      tool: 'demo.add',
      caller: 'agent-1',
      input: { a: 1, b: 2 },
      idempotencyKey: 'run-1/step-1',
    });
    expect(events[0]!.metadata.actor).toBe('agent-1');
    expect(events[1]!.data).toMatchObject({
      callId: 'call-1',
      content: '{"sum":3}',
      truncated: false,
    });
    expect((events[1]!.data as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records tool.failed with the phase and error, even for input a store cannot hold', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('run');
    const { tool } = spyTool();
    await expectRejectedCode(
      setup([tool]).execute('demo.add', { a: 'nul\u0000', b: 2 }, { caller, store, streamId }),
      'VALIDATION_FAILED',
    );
    const events = await waitFor(async () => {
      const read = await collect(store.readStream(streamId));
      return read.length === 2 ? read : undefined;
    });
    expect(events[1]!.type).toBe('tool.failed');
    expect(events[1]!.data).toMatchObject({
      phase: 'validation',
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(events[0]!.data).toMatchObject({ input: { a: 'nul␀', b: 2 } });
  });

  it('passes the idempotency key to the tool, defaulting to the call id', async () => {
    const keys: string[] = [];
    const tool = defineTool({
      name: 'k',
      description: 'k',
      input: z.object({}),
      execute: (_, context) => keys.push(context.idempotencyKey),
    });
    const executor = setup([tool]);
    await executor.execute('k', {}, { caller, idempotencyKey: 'run-9/step-2' });
    await executor.execute('k', {}, { caller, callId: 'c-7' });
    expect(keys).toEqual(['run-9/step-2', 'c-7']);
  });
});
