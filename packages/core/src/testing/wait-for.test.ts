import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../errors/core-errors.js';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('returns the first truthy value of the predicate', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : null), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('awaits async predicates and retries ones that throw', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls++;
        if (calls < 3) throw new Error('not yet');
        return 'ready';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('times out with TIMEOUT naming what it waited for, after at least timeoutMs', async () => {
    const startedAt = Date.now();
    let thrown: unknown;
    try {
      await waitFor(() => false, {
        timeoutMs: 30,
        intervalMs: 5,
        message: 'the relay to catch up',
      });
    } catch (error) {
      thrown = error;
    }
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(30);
    expect(TimeoutError.is(thrown)).toBe(true);
    expect((thrown as Error).message).toBe('waitFor: the relay to catch up not met within 30 ms');
    expect((thrown as Error).cause).toBeUndefined();
  });

  it('keeps the last error of the predicate as the cause of the timeout', async () => {
    const last = new Error('still failing');
    let thrown: unknown;
    try {
      await waitFor(
        () => {
          throw last;
        },
        { timeoutMs: 10, intervalMs: 2 },
      );
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe('waitFor: condition not met within 10 ms');
    expect((thrown as Error).cause).toBe(last);
  });
});
