import { afterAll, describe, expect, it } from 'vitest';
import { outcome, withHostTimer } from '../../test/host-timer.js';
import { createSandbox } from './create-sandbox.js';
import type { SandboxOptions, SandboxRunResult } from './sandbox-types.js';

const sandboxes: { close(): Promise<void> }[] = [];
function sandbox(options: SandboxOptions = {}) {
  const created = createSandbox({ poolSize: 1, timeoutMs: 500, memoryLimitMb: 32, ...options });
  sandboxes.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(sandboxes.map((created) => created.close()));
});

/** Runs `code` and checks the typed outcome and that the host timer kept ticking. */
async function expectOutcome(code: string, expected: string, options: SandboxOptions = {}) {
  const target = sandbox(options);
  const { result, ticks, ms } = await withHostTimer(() => target.run(code));
  expect(outcome(result)).toBe(expected);
  // At least one tick per 50 ms (the interval is 5 ms): the host was never blocked for long.
  expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50));
  return result;
}

describe('sandbox limits', () => {
  it('stops while(true){} with TIMEOUT while the host timer keeps firing', async () => {
    const target = sandbox();
    const { result, ticks, ms } = await withHostTimer(() => target.run('while (true) {}'));
    expect(outcome(result)).toBe('TIMEOUT');
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('stops a microtask loop with TIMEOUT', async () => {
    await expectOutcome('function f() { Promise.resolve().then(f) } f(); return 1', 'TIMEOUT');
    await expectOutcome('for (;;) await null', 'TIMEOUT');
  });

  it('stops a huge array memory bomb with SANDBOX_MEMORY_LIMIT', async () => {
    await expectOutcome(
      'const a = []; for (;;) a.push(new Array(1e6).fill(1.5))',
      'SANDBOX_MEMORY_LIMIT',
      {
        timeoutMs: 10_000,
      },
    );
  });

  it('stops a string memory bomb with a typed error', async () => {
    await expectOutcome(
      "const a = []; for (let i = 0; ; i++) a.push('x'.repeat(1e6) + i)",
      'SANDBOX_MEMORY_LIMIT',
      {
        timeoutMs: 10_000,
      },
    );
    await expectOutcome("let s = 'x'; for (;;) s = s + s", 'SANDBOX_CODE_ERROR');
  });

  it('refuses ArrayBuffer memory bombs beyond the memory limit', async () => {
    await expectOutcome(
      'const a = []; for (;;) a.push(new ArrayBuffer(16 * 1024 * 1024))',
      'SANDBOX_CODE_ERROR',
    );
    await expectOutcome('return new Uint8Array(1024 * 1024 * 1024).length', 'SANDBOX_CODE_ERROR');
  });

  it('turns deep recursion into SANDBOX_CODE_ERROR', async () => {
    const result = await expectOutcome(
      'function f(n) { return f(n + 1) + 1 } return f(0)',
      'SANDBOX_CODE_ERROR',
    );
    expect((result as PromiseRejectedResult).reason.details).toMatchObject({ name: 'RangeError' });
  });

  it('stops a catastrophic regex with TIMEOUT', async () => {
    await expectOutcome("return /^(a+)+$/.test('a'.repeat(40) + 'b')", 'TIMEOUT');
  });

  it('refuses a 100 MB output with SANDBOX_OUTPUT_TOO_LARGE', async () => {
    await expectOutcome("return 'x'.repeat(100 * 1024 * 1024)", 'SANDBOX_OUTPUT_TOO_LARGE', {
      memoryLimitMb: 512,
      timeoutMs: 10_000,
    });
    await expectOutcome("return 'x'.repeat(100 * 1024 * 1024)", 'SANDBOX_MEMORY_LIMIT', {
      timeoutMs: 10_000,
    });
  });

  it('counts UTF-8 bytes against the output cap', async () => {
    await expectOutcome("return 'é'.repeat(600)", 'SANDBOX_OUTPUT_TOO_LARGE', {
      maxOutputBytes: 1_000,
    });
    await expectOutcome("return 'e'.repeat(600)", 'fulfilled', { maxOutputBytes: 1_000 });
  });

  it('caps a console flood and flags it', async () => {
    const result = await expectOutcome(
      "for (let i = 0; i < 1e6; i++) console.log('line', i); return 'done'",
      'fulfilled',
      {
        maxLogBytes: 10_000,
      },
    );
    const { value, logs, logsTruncated } = (result as PromiseFulfilledResult<SandboxRunResult>)
      .value;
    expect(value).toBe('done');
    expect(logsTruncated).toBe(true);
    expect(logs.join('').length).toBeLessThanOrEqual(10_000);
    expect(logs[0]).toBe('line 0');
    await expectOutcome("for (;;) console.log('x'.repeat(1000))", 'TIMEOUT');
  });

  it('keeps console output of a run within its cap and formats values as JSON', async () => {
    const { logs, logsTruncated } = await sandbox().run(
      "console.log('a', { b: 1 }, [2]); console.warn('w'); return null",
    );
    expect(logs).toEqual(['a {"b":1} [2]', 'warn: w']);
    expect(logsTruncated).toBe(false);
  });

  it('stops code that spins after awaiting a host function, with TIMEOUT', async () => {
    const target = sandbox();
    const hostFunctions = {
      ping: {
        description: undefined,
        input: (await import('zod')).z.null(),
        output: undefined,
        call: () => 'pong',
      },
    };
    const { result, ticks, ms } = await withHostTimer(() =>
      target.run('await host.ping(null); while (true) {}', { hostFunctions }),
    );
    expect(outcome(result)).toBe('TIMEOUT');
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(ms / 50));
  });

  it('stops a run whose promise never settles, with TIMEOUT', async () => {
    await expectOutcome('await new Promise(() => {})', 'TIMEOUT');
    await expectOutcome('return await { then() {} }', 'TIMEOUT');
  });

  it('stops a run when its signal aborts, with ABORTED', async () => {
    const target = sandbox({ timeoutMs: 10_000 });
    const controller = new AbortController();
    const run = target.run('while (true) {}', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const [result] = await Promise.allSettled([run]);
    expect(outcome(result!)).toBe('ABORTED');
  });

  it('keeps working after a fatal error by replacing the isolate', async () => {
    const target = sandbox();
    const [bomb] = await Promise.allSettled([
      target.run('const a = []; for (;;) a.push(new Array(1e6).fill(1))'),
    ]);
    expect(outcome(bomb!)).toBe('SANDBOX_MEMORY_LIMIT');
    await expect(target.run('return 40 + 2')).resolves.toMatchObject({ value: 42 });
  });
});
