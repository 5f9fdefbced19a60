import { expectRejectedCode } from '@agenticflow/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSandbox } from '../create-sandbox.js';
import { defineHostFunction } from '../host-function.js';
import type { SupervisedSandbox } from './supervised-sandbox.js';

const sandbox = createSandbox({
  isolation: 'child-process',
  poolSize: 1,
  timeoutMs: 2_000,
}) as SupervisedSandbox;
afterAll(() => sandbox.close());

describe('supervised sandbox', () => {
  it('runs code in a child process started with --no-node-snapshot', async () => {
    await sandbox.warm();
    const result = await sandbox.run('console.log("hi"); return input.a + 1', { input: { a: 41 } });
    expect(result).toMatchObject({ value: 42, logs: ['hi'] });
    expect(sandbox.childPid).not.toBe(process.pid);
  });

  it('returns typed errors from the child', async () => {
    const error = await expectRejectedCode(
      sandbox.run('while (true) {}', { timeoutMs: 100 }),
      'TIMEOUT',
    );
    expect(error.message).toContain('100 ms');
    await expectRejectedCode(sandbox.run('throw new TypeError("nope")'), 'SANDBOX_CODE_ERROR');
  });

  it('calls host functions in the supervisor, validating their arguments here', async () => {
    const seen: string[] = [];
    const lookup = defineHostFunction({
      input: z.object({ id: z.string() }),
      call: ({ id }) => {
        seen.push(id);
        return { id, found: true };
      },
    });
    const result = await sandbox.run(
      'const a = await host.lookup({ id: "x" }); let b; try { await host.lookup({ id: 1 }) } catch (e) { b = e.message } return { a, b }',
      { hostFunctions: { lookup } },
    );
    expect(result.value).toMatchObject({ a: { id: 'x', found: true } });
    expect((result.value as { b: string }).b).toContain('invalid argument for host.lookup');
    expect(seen).toEqual(['x']);
  });

  it('fails runs in flight with SANDBOX_CRASHED when the child dies, then restarts it', async () => {
    const firstPid = sandbox.childPid!;
    const restarts = sandbox.restarts;
    const running = sandbox.run('while (true) {}', { timeoutMs: 10_000 });
    process.kill(firstPid, 'SIGKILL');
    const error = await expectRejectedCode(running, 'SANDBOX_CRASHED');
    expect(error.retryable).toBe(true);
    await expect(sandbox.run('return 7')).resolves.toMatchObject({ value: 7 });
    expect(sandbox.restarts).toBe(restarts + 1);
    expect(sandbox.childPid).not.toBe(firstPid);
  });

  it('stops a run when its signal aborts', async () => {
    const controller = new AbortController();
    const running = sandbox.run('while (true) {}', {
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expectRejectedCode(running, 'ABORTED');
  });
});
