import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('starts at 2026-01-01 by default and moves only when told to', () => {
    const clock = new ManualClock();
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1_500);
    expect(clock.now()).toBe(Date.parse('2026-01-01T00:00:01.500Z'));
    clock.set(42);
    expect(clock.now()).toBe(42);
  });

  it('resolves sleepers when their time comes, earliest due first', async () => {
    const clock = new ManualClock(0);
    const woke: number[] = [];
    const sleeps = [30, 10, 20, 50].map((ms) => clock.sleep(ms).then(() => woke.push(ms)));
    expect(clock.pendingSleepers).toBe(4);
    clock.advance(9);
    await Promise.resolve();
    expect(woke).toEqual([]);
    clock.advance(21);
    await Promise.all(sleeps.slice(0, 3));
    expect(woke).toEqual([10, 20, 30]);
    expect(clock.pendingSleepers).toBe(1);
    clock.advance(20);
    await Promise.all(sleeps);
    expect(woke).toEqual([10, 20, 30, 50]);
  });

  it('resolves a sleep of zero or less at once', async () => {
    const clock = new ManualClock(0);
    await clock.sleep(0);
    await clock.sleep(-5);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('wakes due sleepers on set forwards but not on set backwards', async () => {
    const clock = new ManualClock(1_000);
    let woke = false;
    const sleeping = clock.sleep(100).then(() => {
      woke = true;
    });
    clock.set(500);
    await Promise.resolve();
    expect(woke).toBe(false);
    expect(clock.pendingSleepers).toBe(1);
    clock.set(1_100);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('rejects a sleep with the abort reason, before or during the sleep', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(clock.pendingSleepers).toBe(0);
    await expect(clock.sleep(10, AbortSignal.abort('already'))).rejects.toBe('already');
    expect(clock.pendingSleepers).toBe(0);
  });
});
