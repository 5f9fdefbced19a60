import type { BusMessage, DeliveryContext } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { HandlerRunner } from './handler-runner.js';

const message: BusMessage = {
  id: 'm',
  topic: 't.x',
  payload: null,
  headers: {},
  publishedAt: new Date().toISOString(),
  deliveryAttempt: 1,
};

function runner(handler: (context: DeliveryContext) => void | Promise<void>, ackTimeoutMs = 1_000) {
  const settled: { item: number; error: unknown }[] = [];
  const working: number[] = [];
  const run = new HandlerRunner<number>(
    (_message, context) => handler(context),
    ackTimeoutMs,
    (item, _message, error) => settled.push({ item, error }),
    (item) => working.push(item),
  );
  return { run, settled, working };
}

describe('HandlerRunner', () => {
  it('settles a sync or async success with no error', async () => {
    const { run, settled } = runner(() => undefined);
    run.start(1, message);
    expect(settled).toEqual([{ item: 1, error: undefined }]);
    const async = runner(async () => {});
    async.run.start(2, message);
    expect(async.run.active).toBe(1);
    await waitFor(() => async.settled.length === 1);
    expect(async.settled).toEqual([{ item: 2, error: undefined }]);
    expect(async.run.active).toBe(0);
  });

  it('settles a throw or a rejection with the failure', async () => {
    const boom = new Error('boom');
    const thrown = runner(() => {
      throw boom;
    });
    thrown.run.start(1, message);
    expect(thrown.settled[0]!.error).toBe(boom);
    const rejected = runner(() => Promise.reject(undefined));
    rejected.run.start(2, message);
    await waitFor(() => rejected.settled.length === 1);
    expect(rejected.settled[0]!.error).toMatchObject({ code: 'INTERNAL' });
  });

  it('times out a handler past ackTimeoutMs with TIMEOUT, aborts its signal, and ignores it afterwards', async () => {
    let signal: AbortSignal | undefined;
    let finish!: () => void;
    const { run, settled } = runner((context) => {
      signal = context.signal;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    }, 100);
    run.start(1, message);
    await waitFor(() => settled.length === 1);
    expect(settled[0]!.error).toMatchObject({ code: 'TIMEOUT' });
    expect(signal?.aborted).toBe(true);
    expect(run.active).toBe(0);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toHaveLength(1);
    run.dispose();
  });

  it('restarts the deadline on working() and reports it', async () => {
    const { run, settled, working } = runner(async (context) => {
      for (let tick = 0; tick < 5; tick++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        context.working();
      }
    }, 120);
    run.start(7, message);
    await waitFor(() => settled.length === 1, { timeoutMs: 2_000 });
    expect(settled[0]).toEqual({ item: 7, error: undefined });
    expect(working).toEqual([7, 7, 7, 7, 7]);
  });

  it('times out each of several handlers at its own deadline', async () => {
    const { run, settled } = runner(() => new Promise(() => {}), 100);
    run.start(1, message);
    await new Promise((resolve) => setTimeout(resolve, 60));
    run.start(2, message);
    await waitFor(() => settled.length === 1);
    expect(settled.map((entry) => entry.item)).toEqual([1]);
    await waitFor(() => settled.length === 2);
    expect(settled.map((entry) => entry.item)).toEqual([1, 2]);
    run.dispose();
  });

  it('resolves idle() once every running handler settled', async () => {
    let finish!: () => void;
    const { run } = runner(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    await run.idle();
    run.start(1, message);
    let idle = false;
    const waiting = run.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);
    finish();
    await waiting;
    expect(idle).toBe(true);
    run.dispose();
  });
});
