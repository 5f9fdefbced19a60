import { describe, expect, it } from 'vitest';
import { err, ok, tryAsync, unwrap } from './result.js';

describe('Result', () => {
  it('wraps values with ok and errors with err', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(err('nope')).toEqual({ ok: false, error: 'nope' });
  });

  it('captures a resolved value with tryAsync', async () => {
    expect(await tryAsync(async () => 'done')).toEqual({ ok: true, value: 'done' });
    expect(await tryAsync(() => 5)).toEqual({ ok: true, value: 5 });
  });

  it('captures a rejection and a synchronous throw with tryAsync', async () => {
    const failure = new Error('boom');
    expect(
      await tryAsync(async () => {
        throw failure;
      }),
    ).toEqual({ ok: false, error: failure });
    const sync = await tryAsync(() => {
      throw failure;
    });
    expect(sync.ok).toBe(false);
    expect(!sync.ok && sync.error).toBe(failure);
  });

  it('returns the value of an ok result from unwrap', () => {
    expect(unwrap(ok({ a: 1 }))).toEqual({ a: 1 });
  });

  it('throws the very error of an err result from unwrap', () => {
    const failure = new Error('kept');
    expect(() => unwrap(err(failure))).toThrow(failure);
  });
});
