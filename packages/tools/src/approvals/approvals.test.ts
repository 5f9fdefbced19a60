import { collect, InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, expectThrownCode, uniqueStreamId } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import type { ApprovalRequiredError } from '../errors/tool-errors.js';
import { ToolExecutor } from '../executor/tool-executor.js';
import { ToolRegistry } from '../tool-registry.js';
import type { ApprovalPolicy } from '../tool-types.js';
import { argumentsHash, canonicalJson } from '../util/canonical-json.js';
import { listPendingApprovals } from './approval-state.js';
import { approveToolCall, rejectToolCall } from './decide-tool-call.js';

const caller = { id: 'agent-1', grants: [] };

function setup(approval: ApprovalPolicy<{ amount: number; to: string }>) {
  const executed: unknown[] = [];
  const registry = new ToolRegistry();
  registry.register(
    defineTool({
      name: 'payments.refund',
      description: 'refunds',
      input: z.object({ amount: z.number(), to: z.string() }),
      approval,
      execute: (input) => {
        executed.push(input);
        return 'refunded';
      },
    }),
  );
  const store = new InMemoryEventStore();
  const streamId = uniqueStreamId('run');
  return {
    executor: new ToolExecutor({ registry }),
    store,
    streamId,
    executed,
    context: { caller, store, streamId },
  };
}

describe('approvals', () => {
  it('runs a tool whose policy is never without asking', async () => {
    const { executor, context, executed } = setup('never');
    await executor.execute('payments.refund', { amount: 5, to: 'bob' }, context);
    expect(executed).toHaveLength(1);
  });

  it('asks for approval of these exact arguments, then runs once approved', async () => {
    const { executor, context, store, streamId, executed } = setup('always');
    const args = { amount: 500, to: 'bob' };
    const error = (await expectRejectedCode(
      executor.execute('payments.refund', args, context),
      'APPROVAL_REQUIRED',
    )) as ApprovalRequiredError;
    expect(executed).toEqual([]);
    expect(error.argsHash).toBe(argumentsHash('payments.refund', args));
    const pending = await listPendingApprovals(store, streamId);
    expect(pending).toMatchObject([
      { tool: 'payments.refund', argsHash: error.argsHash, input: args, caller: 'agent-1' },
    ]);

    await approveToolCall(store, {
      streamId,
      tool: 'payments.refund',
      argsHash: error.argsHash,
      by: 'alice',
    });
    const result = await executor.execute('payments.refund', { to: 'bob', amount: 500 }, context);
    expect(result.output).toBe('refunded');
    expect(await listPendingApprovals(store, streamId)).toEqual([]);
    const approved = (await collect(store.readStream(streamId))).find(
      (event) => event.type === 'tool.approved',
    );
    expect(approved?.metadata.actor).toBe('alice');
  });

  it('needs a new approval when the arguments change', async () => {
    const { executor, context, store, streamId, executed } = setup('always');
    await approveToolCall(store, {
      streamId,
      tool: 'payments.refund',
      input: { amount: 5, to: 'bob' },
      by: 'alice',
    });
    await executor.execute('payments.refund', { amount: 5, to: 'bob' }, context);
    await expectRejectedCode(
      executor.execute('payments.refund', { amount: 5000, to: 'bob' }, context),
      'APPROVAL_REQUIRED',
    );
    await expectRejectedCode(
      executor.execute('payments.refund', { amount: 5, to: 'mallory' }, context),
      'APPROVAL_REQUIRED',
    );
    expect(executed).toEqual([{ amount: 5, to: 'bob' }]);
  });

  it('records one approval request per argument hash however often the call is retried', async () => {
    const { executor, context, store, streamId } = setup('always');
    for (let attempt = 0; attempt < 3; attempt++) {
      await expectRejectedCode(
        executor.execute('payments.refund', { amount: 1, to: 'bob' }, context),
        'APPROVAL_REQUIRED',
      );
    }
    const requests = (await collect(store.readStream(streamId))).filter(
      (event) => event.type === 'tool.approval_requested',
    );
    expect(requests).toHaveLength(1);
  });

  it('fails a rejected call with APPROVAL_REJECTED, naming who rejected it', async () => {
    const { executor, context, store, streamId, executed } = setup('always');
    await rejectToolCall(store, {
      streamId,
      tool: 'payments.refund',
      input: { amount: 9, to: 'eve' },
      by: 'alice',
      reason: 'fraud',
    });
    const error = await expectRejectedCode(
      executor.execute('payments.refund', { amount: 9, to: 'eve' }, context),
      'APPROVAL_REJECTED',
    );
    expect(error.message).toContain('alice');
    expect(error.message).toContain('fraud');
    expect(executed).toEqual([]);
  });

  it('lets the latest decision win', async () => {
    const { executor, context, store, streamId } = setup('always');
    const decision = {
      streamId,
      tool: 'payments.refund',
      input: { amount: 9, to: 'eve' },
      by: 'alice',
    };
    await rejectToolCall(store, decision);
    await approveToolCall(store, decision);
    await expect(
      executor.execute('payments.refund', { amount: 9, to: 'eve' }, context),
    ).resolves.toMatchObject({ output: 'refunded' });
  });

  it('asks only when the predicate says so', async () => {
    const { executor, context, executed } = setup((input) => input.amount > 100);
    await executor.execute('payments.refund', { amount: 50, to: 'bob' }, context);
    await expectRejectedCode(
      executor.execute('payments.refund', { amount: 150, to: 'bob' }, context),
      'APPROVAL_REQUIRED',
    );
    expect(executed).toEqual([{ amount: 50, to: 'bob' }]);
  });

  it('refuses to run a call that needs approval without a store to record it', async () => {
    const { executor } = setup('always');
    await expectRejectedCode(
      executor.execute('payments.refund', { amount: 1, to: 'bob' }, { caller }),
      'INVALID_CONFIGURATION',
    );
  });

  it('needs exactly one of input and argsHash in a decision', () => {
    const store = new InMemoryEventStore();
    expectThrownCode(
      () => approveToolCall(store, { streamId: 'run-1', tool: 't', by: 'a' }),
      'INVALID_CONFIGURATION',
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level so key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(argumentsHash('t', { a: 1, b: 2 })).toBe(argumentsHash('t', { b: 2, a: 1 }));
    expect(argumentsHash('t', { a: 1 })).not.toBe(argumentsHash('u', { a: 1 }));
  });

  it('refuses values that are not JSON', () => {
    expectThrownCode(() => canonicalJson({ a: Number.NaN }), 'VALIDATION_FAILED');
    expectThrownCode(() => canonicalJson({ a: 1n }), 'VALIDATION_FAILED');
  });
});
