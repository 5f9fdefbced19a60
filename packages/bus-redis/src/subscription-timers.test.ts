import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscriptionTimers } from './subscription-timers.js';

describe('SubscriptionTimers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs after() once, and every() on each tick but never twice at once', async () => {
    const timers = new SubscriptionTimers();
    let once = 0;
    let ticks = 0;
    let release: () => void = () => {};
    timers.after(100, async () => {
      once++;
    });
    timers.every(50, async () => {
      ticks++;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await vi.advanceTimersByTimeAsync(200);
    expect(once).toBe(1);
    expect(ticks).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(50);
    expect(ticks).toBe(2);
    timers.clear();
  });

  it('cancels pending timers and intervals on clear()', async () => {
    const timers = new SubscriptionTimers();
    let runs = 0;
    timers.after(100, async () => {
      runs++;
    });
    timers.every(10, async () => {
      runs++;
    });
    timers.clear();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(0);
  });
});
