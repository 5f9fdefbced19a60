import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { outcome, withHostTimer } from '../../test/host-timer.js';
import { createSandbox } from './create-sandbox.js';
import { assertNodeSnapshotDisabled, nodeSnapshotDisabled } from './load-isolated-vm.js';

describe('sandbox pool', () => {
  it('ends 1,000 concurrent executions each in a result or a typed error while the host timer fires', async () => {
    const sandbox = createSandbox({ poolSize: 2, timeoutMs: 1_000, memoryLimitMb: 32 });
    try {
      const runs = Array.from({ length: 1_000 }, (_, index) => {
        if (index % 100 === 0) return sandbox.run('while (true) {}', { timeoutMs: 100 });
        if (index % 100 === 50)
          return sandbox.run('const a = []; for (;;) a.push(new Array(1e6).fill(1))', {
            timeoutMs: 10_000,
          });
        return sandbox.run('return input.n * 2', { input: { n: index } });
      });
      const { result, ticks, ms } = await withHostTimer(() => Promise.allSettled(runs));
      const settled = (result as PromiseFulfilledResult<PromiseSettledResult<{ value: unknown }>[]>)
        .value;
      expect(settled).toHaveLength(1_000);
      settled.forEach((run, index) => {
        if (index % 100 === 0) expect(outcome(run)).toBe('TIMEOUT');
        else if (index % 100 === 50) expect(outcome(run)).toBe('SANDBOX_MEMORY_LIMIT');
        else
          expect(run).toEqual({
            status: 'fulfilled',
            value: expect.objectContaining({ value: index * 2 }),
          });
      });
      expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50));
    } finally {
      await sandbox.close();
    }
  });

  it('refuses runs beyond maxQueue with SANDBOX_BUSY', async () => {
    const sandbox = createSandbox({ poolSize: 1, maxQueue: 1 });
    try {
      await sandbox.warm();
      const first = sandbox.run('while (true) {}', { timeoutMs: 200 });
      const second = sandbox.run('return 2');
      await expectRejectedCode(sandbox.run('return 3'), 'SANDBOX_BUSY');
      await expectRejectedCode(first, 'TIMEOUT');
      await expect(second).resolves.toMatchObject({ value: 2 });
    } finally {
      await sandbox.close();
    }
  });

  it('fails runs after close with CLOSED', async () => {
    const sandbox = createSandbox({ poolSize: 1 });
    await sandbox.run('return 1');
    await sandbox.close();
    await expectRejectedCode(sandbox.run('return 1'), 'CLOSED');
  });

  it('runs code the same way on the fast path once it is known to be quick', async () => {
    const sandbox = createSandbox({ poolSize: 1 });
    try {
      const results = [];
      for (let index = 0; index < 5; index++)
        results.push((await sandbox.run('return input * 3', { input: index })).value);
      expect(results).toEqual([0, 3, 6, 9, 12]);
      const slow = 'let n = 0; for (let i = 0; i < input; i++) n += 1; return n';
      expect((await sandbox.run(slow, { input: 10 })).value).toBe(10);
      expect((await sandbox.run(slow, { input: 10 })).value).toBe(10);
      // Outruns the synchronous slice: re-run off the main thread, same result.
      expect((await sandbox.run(slow, { input: 3e8 })).value).toBe(3e8);
    } finally {
      await sandbox.close();
    }
  });

  it('rejects invalid options with INVALID_CONFIGURATION naming the option', () => {
    const error = expectThrownCode(
      () => createSandbox({ memoryLimitMb: 4 }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('memoryLimitMb');
    expectThrownCode(() => createSandbox({ timeoutMs: 0.5 }), 'INVALID_CONFIGURATION');
  });

  it('rejects a syntax error with SANDBOX_CODE_ERROR naming it', async () => {
    const sandbox = createSandbox({ poolSize: 1 });
    try {
      const error = await expectRejectedCode(sandbox.run('return ('), 'SANDBOX_CODE_ERROR');
      expect(error.details.name).toBe('SyntaxError');
    } finally {
      await sandbox.close();
    }
  });

  it('detects a missing --no-node-snapshot flag and explains how to set it', () => {
    expect(nodeSnapshotDisabled(['--no-node-snapshot'], undefined)).toBe(true);
    expect(nodeSnapshotDisabled([], '--max-old-space-size=100 --no-node-snapshot')).toBe(true);
    expect(nodeSnapshotDisabled([], undefined)).toBe(false);
    const error = expectThrownCode(
      () => assertNodeSnapshotDisabled([], undefined),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('--no-node-snapshot');
  });
});
