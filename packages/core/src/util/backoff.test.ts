import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/agenticflow-error.js';
import { exponentialBackoff } from './backoff.js';

describe('exponentialBackoff', () => {
  it('grows by factor from initialMs on each attempt when there is no jitter', () => {
    const delay = exponentialBackoff({ initialMs: 100, factor: 3, maxMs: 100_000, jitter: 0 });
    expect([1, 2, 3, 4].map(delay)).toEqual([100, 300, 900, 2700]);
  });

  it('treats attempt 0 like the first attempt', () => {
    const delay = exponentialBackoff({ initialMs: 50, jitter: 0 });
    expect(delay(0)).toBe(50);
  });

  it('never exceeds maxMs however many attempts failed', () => {
    const delay = exponentialBackoff({ initialMs: 100, maxMs: 1_000, jitter: 0 });
    expect(delay(4)).toBe(800);
    expect(delay(5)).toBe(1_000);
    expect(delay(60)).toBe(1_000);
    expect(delay(10_000)).toBe(1_000);
  });

  it('uses the documented defaults: 100 ms, doubling, capped at 30 s', () => {
    const delay = exponentialBackoff({ jitter: 0 });
    expect(delay(1)).toBe(100);
    expect(delay(2)).toBe(200);
    expect(delay(50)).toBe(30_000);
  });

  it('randomises a jitter fraction of the delay downwards, within bounds', () => {
    const low = exponentialBackoff({ initialMs: 1_000, jitter: 0.25, random: () => 0.999999 });
    const high = exponentialBackoff({ initialMs: 1_000, jitter: 0.25, random: () => 0 });
    const middle = exponentialBackoff({ initialMs: 1_000, jitter: 0.25, random: () => 0.5 });
    expect(high(1)).toBe(1_000);
    expect(low(1)).toBe(750);
    expect(middle(1)).toBe(875);
  });

  it('keeps every jittered delay between (1 - jitter) and 1 times the base', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    const delay = exponentialBackoff({ initialMs: 200, maxMs: 5_000, jitter: 0.5, random });
    for (let attempt = 1; attempt <= 12; attempt++) {
      const base = Math.min(5_000, 200 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const value = delay(attempt);
        expect(value).toBeGreaterThanOrEqual(Math.floor(base * 0.5));
        expect(value).toBeLessThanOrEqual(base);
      }
    }
  });

  it('allows full jitter, which may reach zero', () => {
    const delay = exponentialBackoff({ initialMs: 100, jitter: 1, random: () => 0.999999 });
    expect(delay(1)).toBe(0);
  });

  it.each([
    ['a negative initialMs', { initialMs: -1 }],
    ['maxMs below initialMs', { initialMs: 500, maxMs: 100 }],
    ['a factor below 1', { factor: 0.5 }],
    ['a negative jitter', { jitter: -0.1 }],
    ['a jitter above 1', { jitter: 1.5 }],
    ['NaN', { initialMs: Number.NaN }],
  ])('rejects %s with INVALID_CONFIGURATION', (_name, options) => {
    let thrown: unknown;
    try {
      exponentialBackoff(options);
    } catch (error) {
      thrown = error;
    }
    expect(hasErrorCode(thrown, 'INVALID_CONFIGURATION')).toBe(true);
    expect((thrown as Error).message).toMatch(/invalid backoff .*need 0 <= initialMs <= maxMs/);
  });
});
