import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outcome } from '../../test/host-timer.js';
import { createSandbox } from './create-sandbox.js';
import { defineHostFunction } from './host-function.js';

const sandbox = createSandbox({ poolSize: 1, timeoutMs: 1_000, memoryLimitMb: 32 });
afterAll(() => sandbox.close());

async function value(code: string, input?: unknown): Promise<unknown> {
  return (await sandbox.run(code, { input })).value;
}

async function code(source: string): Promise<string> {
  const [result] = await Promise.allSettled([sandbox.run(source)]);
  return outcome(result!);
}

describe('sandbox escapes', () => {
  it('offers no Node API: process, require, Buffer, timers, WebAssembly, SharedArrayBuffer', async () => {
    expect(
      await value(
        'return [typeof process, typeof require, typeof module, typeof Buffer, typeof setTimeout, typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics, typeof fetch]',
      ),
    ).toEqual(Array(9).fill('undefined'));
  });

  it('rejects import() of a Node module', async () => {
    expect(await code("return await import('node:fs')")).toBe('SANDBOX_CODE_ERROR');
    expect(await code("return await import('fs')")).toBe('SANDBOX_CODE_ERROR');
  });

  it('reaches only the sandbox realm through constructor.constructor', async () => {
    expect(
      await value(
        "return this === undefined && (function () {}).constructor.constructor('return typeof process')()",
      ),
    ).toBe('undefined');
    expect(
      await value(
        "return input.constructor.constructor('return typeof process + typeof require')()",
        { a: 1 },
      ),
    ).toBe('undefinedundefined');
    expect(await code("return [].constructor.constructor('return process')().env")).toBe(
      'SANDBOX_CODE_ERROR',
    );
  });

  it('does not let a host function reveal the host realm', async () => {
    const echo = defineHostFunction({ input: z.unknown(), call: (argument) => argument });
    const result = await sandbox.run(
      "return [host.echo.constructor.constructor('return typeof process')(), Object.keys(host), Object.getOwnPropertyNames(host.echo).sort(), await host.echo({ a: [1] })]",
      { hostFunctions: { echo } },
    );
    expect(result.value).toEqual([
      'undefined',
      ['echo'],
      ['length', 'name', 'prototype'],
      { a: [1] },
    ]);
  });

  it('cannot pollute prototypes for later runs in the same warm context', async () => {
    expect(await code('Object.prototype.polluted = 1; return 1')).toBe('SANDBOX_CODE_ERROR');
    expect(await code("Array.prototype.map = () => 'hijacked'; return 1")).toBe(
      'SANDBOX_CODE_ERROR',
    );
    expect(await code("JSON.parse = () => 'hijacked'; return 1")).toBe('SANDBOX_CODE_ERROR');
    expect(await code('globalThis.leak = 1; return 1')).toBe('SANDBOX_CODE_ERROR');
    expect(
      await value(
        "return [({}).polluted, [1].map((x) => x + 1), typeof globalThis.leak, JSON.parse('1')]",
      ),
    ).toEqual([null, [2], 'undefined', 1]);
  });

  it('still lets code assign inherited names on its own objects', async () => {
    expect(
      await value(
        "class AppError extends Error { constructor(m) { super(m); this.name = 'AppError'; } } const o = {}; o.toString = () => 'mine'; return [new AppError('x').name, String(o)]",
      ),
    ).toEqual(['AppError', 'mine']);
  });

  it('cannot pollute host prototypes through its result', async () => {
    const result = await value('return JSON.parse(\'{"__proto__": {"polluted": true}, "ok": 1}\')');
    const merged = Object.assign({}, result);
    expect(merged).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it('is not polluted by a __proto__ key in its input', async () => {
    const input = JSON.parse('{"__proto__": {"injected": true}}') as unknown;
    expect(await value('return [({}).injected === undefined, Object.keys(input)]', input)).toEqual([
      true,
      ['__proto__'],
    ]);
  });

  it('returns thenables, getters, Proxies and toJSON as plain JSON copies, never live objects', async () => {
    let thenCalled = false;
    const thenable = await value('return { then(resolve) { resolve(42) }, a: 1 }');
    expect(thenable).toEqual({ a: 1 });
    await Promise.resolve(thenable).then(() => {
      thenCalled = true;
    });
    expect(thenCalled).toBe(true);
    expect(await value('return { get secret() { return 7 } }')).toEqual({ secret: 7 });
    expect(
      await value(
        'return new Proxy({}, { ownKeys: () => ["a"], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }), get: () => 1 })',
      ),
    ).toEqual({ a: 1 });
    expect(await value('return { toJSON() { return [1, 2] } }')).toEqual([1, 2]);
  });

  it('bounds getters, Proxies and toJSON that misbehave while the result is copied', async () => {
    expect(await code('return { get x() { while (true) {} } }')).toBe('TIMEOUT');
    expect(await code('return new Proxy({}, { ownKeys() { while (true) {} } })')).toBe('TIMEOUT');
    expect(await code('return { toJSON() { throw new Error("no") } }')).toBe('SANDBOX_CODE_ERROR');
    expect(await code('return { toJSON() { return 1n } }')).toBe('SANDBOX_CODE_ERROR');
  });

  it('rejects code that breaks out of its function body', async () => {
    expect(await code('}); globalThis.x = 1; (function () {')).toBe('SANDBOX_CODE_ERROR');
  });

  it('validates host function arguments on the host and refuses ungranted ones', async () => {
    const calls: unknown[] = [];
    const price = defineHostFunction({
      input: z.object({ sku: z.string().max(10) }),
      call: ({ sku }) => {
        calls.push(sku);
        return { sku, cents: 199 };
      },
    });
    const result = await sandbox.run(
      `const ok = await host.price({ sku: 'a-1' });
       let bad; try { await host.price({ sku: 42 }) } catch (e) { bad = e.message }
       return { ok, bad, other: typeof host.other }`,
      { hostFunctions: { price } },
    );
    expect(result.value).toMatchObject({ ok: { sku: 'a-1', cents: 199 }, other: 'undefined' });
    expect((result.value as { bad: string }).bad).toContain('invalid argument for host.price');
    expect(calls).toEqual(['a-1']);
  });

  it('limits host calls per run', async () => {
    const limited = createSandbox({ poolSize: 1, maxHostCalls: 3 });
    try {
      const ping = defineHostFunction({ input: z.null(), call: () => 'pong' });
      const result = await limited.run(
        'let n = 0; try { for (;;) { await host.ping(null); n++ } } catch (e) { return [n, e.message] }',
        { hostFunctions: { ping } },
      );
      expect(result.value).toEqual([3, 'more than 3 host calls in one run']);
    } finally {
      await limited.close();
    }
  });

  it('rejects input that is not JSON', async () => {
    const [result] = await Promise.allSettled([sandbox.run('return 1', { input: { n: 1n } })]);
    expect(outcome(result!)).toBe('VALIDATION_FAILED');
  });
});
