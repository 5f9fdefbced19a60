import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { AppendNotifier } from './append-notifier.js';

describe('AppendNotifier', () => {
  it('sends at once when idle, then folds a burst of appends into one more NOTIFY', async () => {
    let sent = 0;
    const notifier = new AppendNotifier(async () => {
      sent++;
    }, 20);
    for (let i = 0; i < 100; i++) notifier.poke();
    expect(sent).toBe(1);
    await waitFor(() => sent === 2, { message: 'the trailing NOTIFY' });
    await notifier.close();
    expect(sent).toBe(2);
  });

  it('keeps at most one NOTIFY in flight and sends nothing after close', async () => {
    let inFlight = 0;
    let most = 0;
    let sent = 0;
    let release: () => void = () => {};
    const notifier = new AppendNotifier(async () => {
      inFlight++;
      sent++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      inFlight--;
    }, 0);
    notifier.poke();
    notifier.poke();
    notifier.poke();
    expect(sent).toBe(1);
    release();
    await waitFor(() => sent === 2);
    const closing = notifier.close();
    release();
    await closing;
    notifier.poke();
    expect(sent).toBe(2);
    expect(most).toBe(1);
  });

  it('survives a failing send', async () => {
    let calls = 0;
    const notifier = new AppendNotifier(async () => {
      calls++;
      throw new Error('connection lost');
    }, 0);
    notifier.poke();
    await waitFor(() => calls === 1);
    await notifier.close();
  });
});
