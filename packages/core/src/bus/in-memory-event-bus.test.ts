import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectRejectedCode } from '../testing/expect-error-code.js';
import { ManualClock } from '../testing/manual-clock.js';
import { waitFor } from '../testing/wait-for.js';
import { readDeadLetter } from './dead-letter.js';
import type { BusMessage } from './event-bus.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';

const buses: InMemoryEventBus[] = [];
function makeBus(options: ConstructorParameters<typeof InMemoryEventBus>[0] = {}) {
  const bus = new InMemoryEventBus(options);
  buses.push(bus);
  return bus;
}
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
  vi.restoreAllMocks();
});

/** Lets queued microtasks and timers of 0 ms run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('InMemoryEventBus', () => {
  it('reports a dead letter whose own handler fails every attempt to onError, once', async () => {
    const reported: Array<{ error: unknown; topic: string; messageId: string }> = [];
    const bus = makeBus({ onError: (error, context) => reported.push({ error, ...context }) });
    await bus.subscribe(
      'jobs.run',
      () => {
        throw new Error('job failed');
      },
      { maxDeliveries: 1, backoff: () => 0 },
    );
    const deadAttempts: BusMessage[] = [];
    await bus.subscribe(
      '$deadletter.>',
      (message) => {
        deadAttempts.push(message);
        throw new Error(`dead-letter handler failed on attempt ${message.deliveryAttempt}`);
      },
      { maxDeliveries: 2, backoff: () => 0 },
    );
    const { id } = await bus.publish('jobs.run', { payload: { job: 1 } });

    await waitFor(() => reported.length > 0, { message: 'onError to be called' });
    for (let i = 0; i < 5; i++) await flush();

    expect(reported).toHaveLength(1);
    expect(reported[0]!.topic).toBe('$deadletter.jobs.run');
    expect((reported[0]!.error as Error).message).toBe('dead-letter handler failed on attempt 2');
    expect(deadAttempts.map((message) => message.deliveryAttempt)).toEqual([1, 2]);
    expect(deadAttempts.every((message) => message.topic === '$deadletter.jobs.run')).toBe(true);
    expect(reported[0]!.messageId).toBe(deadAttempts[0]!.id);
    const letter = readDeadLetter(deadAttempts[0]!.payload);
    expect(letter.messageId).toBe(id);
    expect(letter.error.message).toBe('job failed');
  });

  it('reports a group message that fails its last attempt while closing to onError', async () => {
    const reported: string[] = [];
    const bus = makeBus({ onError: (_error, context) => reported.push(context.topic) });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    await bus.subscribe(
      'jobs.slow',
      async (message) => {
        started.push(message.id);
        await blocked;
        throw new Error('failed while closing');
      },
      { maxDeliveries: 1, group: 'slow-workers' },
    );
    await bus.publish('jobs.slow', { payload: null });
    await waitFor(() => started.length === 1);
    const closing = bus.close();
    release();
    await closing;
    expect(reported).toEqual(['jobs.slow']);
    expect(bus.pendingCount('jobs.slow', 'slow-workers')).toBe(0);
  });

  it('emits a process warning for dropped messages when no onError is given', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bus = makeBus();
    await bus.subscribe(
      '$deadletter.a',
      () => {
        throw new Error('nope');
      },
      { maxDeliveries: 1 },
    );
    await bus.publish('$deadletter.a', { payload: 1 });
    await waitFor(() => warn.mock.calls.length > 0);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /dropped message .* on \$deadletter\.a: Error: nope/,
    );
  });

  it('counts messages waiting for a group that has no free member', async () => {
    const bus = makeBus();
    expect(bus.pendingCount('work.*', 'workers')).toBe(0);
    const subscription = await bus.subscribe('work.*', () => {}, { group: 'workers' });
    await subscription.unsubscribe();
    for (let i = 0; i < 3; i++) await bus.publish('work.item', { payload: i });
    expect(bus.pendingCount('work.*', 'workers')).toBe(3);
    expect(bus.pendingCount('work.*', 'others')).toBe(0);
    expect(bus.pendingCount('work.>', 'workers')).toBe(0);

    let release!: () => void;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const received: unknown[] = [];
    await bus.subscribe(
      'work.*',
      async (message) => {
        received.push(message.payload);
        await blocked;
      },
      { group: 'workers', concurrency: 1 },
    );
    await waitFor(() => received.length === 1);
    expect(bus.pendingCount('work.*', 'workers')).toBe(2);
    release();
    await waitFor(() => received.length === 3);
    expect(received).toEqual([0, 1, 2]);
    await waitFor(() => bus.pendingCount('work.*', 'workers') === 0);
  });

  it('refuses publish and subscribe after close with CLOSED, and closes idempotently', async () => {
    const bus = makeBus();
    await bus.close();
    await bus.close();
    const publishError = await expectRejectedCode(bus.publish('a.b', { payload: 1 }), 'CLOSED');
    expect(publishError.message).toBe('InMemoryEventBus is closed: create a new one');
    await expectRejectedCode(
      bus.subscribe('a.b', () => {}),
      'CLOSED',
    );
  });

  it('delivers a frozen copy stamped by its clock and ids from its generator', async () => {
    const clock = new ManualClock(Date.parse('2026-05-06T07:08:09.010Z'));
    let n = 0;
    const bus = makeBus({ clock, newId: () => `id-${++n}` });
    const received: BusMessage[] = [];
    await bus.subscribe('a.b', (message) => {
      received.push(message);
    });
    const payload = { list: [1] };
    const result = await bus.publish('a.b', { payload });
    payload.list.push(2);
    await waitFor(() => received.length === 1);
    const [message] = received;
    expect(result).toEqual({ id: 'id-1', duplicate: false });
    expect(message!.id).toBe('id-1');
    expect(message!.publishedAt).toBe('2026-05-06T07:08:09.010Z');
    expect(message!.payload).toEqual({ list: [1] });
    expect(Object.isFrozen(message)).toBe(true);
    expect(() => {
      (message!.payload as { list: number[] }).list.push(3);
    }).toThrow(TypeError);
  });

  it('advertises an in-process, non-durable bus with its size limit', () => {
    expect(makeBus({ maxMessageBytes: 2048 }).capabilities).toEqual({
      durable: false,
      crossProcess: false,
      deduplicatesById: false,
      maxMessageBytes: 2048,
    });
  });
});
