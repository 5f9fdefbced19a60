import { afterEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/agenticflow-error.js';
import { ConnectionFailedError, ValidationError } from '../errors/core-errors.js';
import type { AgenticEvent } from '../events/envelope.js';
import { waitFor } from '../testing/wait-for.js';
import { type CatchUpSource, startCatchUpSubscription } from './catch-up-subscription.js';
import type { ReadAllOptions, StoreSubscribeOptions, StoreSubscription } from './event-store.js';

/** A minimal source over an array, whose reads can be made to fail. */
class ArraySource implements CatchUpSource {
  readonly events: AgenticEvent[] = [];
  readonly reads: ReadAllOptions[] = [];
  readonly positions = new Map<string, bigint>();
  /** Failures thrown by the next reads, after yielding `afterEvents` events. */
  failures: Array<{ error: unknown; afterEvents: number }> = [];
  onAppend: CatchUpSource['onAppend'];

  constructor(
    readonly pollIntervalMs: number,
    notify: boolean,
  ) {
    if (notify) {
      this.onAppend = (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      };
    }
  }

  private readonly listeners = new Set<() => void>();

  add(count: number, type = 'test.happened'): void {
    for (let i = 0; i < count; i++) {
      const position = BigInt(this.events.length + 1);
      this.events.push({
        id: `00000000-0000-7000-8000-${position.toString().padStart(12, '0')}`,
        type,
        streamId: 's-1',
        version: this.events.length + 1,
        position,
        time: '2026-01-01T00:00:00.000Z',
        data: null,
        metadata: {},
      });
    }
    for (const listener of this.listeners) listener();
  }

  async *readAll(options: ReadAllOptions): AsyncIterable<AgenticEvent> {
    this.reads.push(options);
    const failure = this.failures.shift();
    let yielded = 0;
    for (const event of this.events) {
      if (event.position < (options.fromPosition ?? 1n)) continue;
      if (options.types && !options.types.includes(event.type)) continue;
      if (failure && yielded === failure.afterEvents) throw failure.error;
      if (yielded === (options.limit ?? Number.POSITIVE_INFINITY)) return;
      yielded++;
      yield event;
    }
    if (failure) throw failure.error;
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.events.length);
  }

  async loadPosition(consumer: string): Promise<bigint | null> {
    return this.positions.get(consumer) ?? null;
  }

  async savePosition(consumer: string, position: bigint): Promise<void> {
    this.positions.set(consumer, position);
  }
}

const running: StoreSubscription[] = [];
function start(source: CatchUpSource, options: StoreSubscribeOptions): StoreSubscription {
  const subscription = startCatchUpSubscription(source, options);
  running.push(subscription);
  return subscription;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((subscription) => subscription.close()));
});

function positionsOf(events: readonly AgenticEvent[]): number[] {
  return events.map((event) => Number(event.position));
}

describe('startCatchUpSubscription', () => {
  it('retries a read that fails with a retryable error and continues without gaps', async () => {
    const source = new ArraySource(0, true);
    source.add(5);
    source.failures.push(
      { error: new ConnectionFailedError('connection reset'), afterEvents: 2 },
      { error: new ConnectionFailedError('still down'), afterEvents: 0 },
    );
    const handled: AgenticEvent[] = [];
    const subscription = start(source, { handler: (event) => void handled.push(event) });
    await subscription.caughtUp;
    expect(positionsOf(handled)).toEqual([1, 2, 3, 4, 5]);
    expect(source.reads.map((read) => read.fromPosition)).toEqual([1n, 3n, 3n]);
    source.add(1);
    await waitFor(() => handled.length === 6, { message: 'the live event after the retries' });
    expect(subscription.position).toBe(6n);
  });

  it('ends failed on a non-retryable read error', async () => {
    const source = new ArraySource(0, true);
    source.add(3);
    const failure = new ValidationError('bad read', []);
    source.failures.push({ error: failure, afterEvents: 1 });
    const handled: AgenticEvent[] = [];
    const subscription = start(source, { handler: (event) => void handled.push(event) });
    expect(await subscription.ended).toEqual({ reason: 'failed', error: failure });
    expect(positionsOf(handled)).toEqual([1]);
    await subscription.caughtUp;
  });

  it('treats an error that merely looks retryable but is no AgenticFlowError as fatal', async () => {
    const source = new ArraySource(0, true);
    const failure = Object.assign(new Error('ECONNRESET'), { retryable: true });
    source.failures.push({ error: failure, afterEvents: 0 });
    const subscription = start(source, { handler: () => {} });
    expect(await subscription.ended).toEqual({ reason: 'failed', error: failure });
  });

  it('ends failed with the handler error and does not store its position', async () => {
    const source = new ArraySource(0, true);
    source.add(3);
    const boom = new Error('handler broke');
    const subscription = start(source, {
      consumer: 'c',
      handler: (event) => {
        if (event.position === 2n) throw boom;
      },
    });
    expect(await subscription.ended).toEqual({ reason: 'failed', error: boom });
    expect(source.positions.get('c')).toBe(1n);
    expect(subscription.position).toBe(1n);
  });

  it('polls for new events when the source has no onAppend', async () => {
    const source = new ArraySource(10, false);
    source.add(2);
    const handled: AgenticEvent[] = [];
    const subscription = start(source, { handler: (event) => void handled.push(event) });
    await subscription.caughtUp;
    const readsWhenCaughtUp = source.reads.length;
    source.add(2);
    await waitFor(() => handled.length === 4, { message: 'polled events' });
    expect(positionsOf(handled)).toEqual([1, 2, 3, 4]);
    expect(source.reads.length).toBeGreaterThan(readsWhenCaughtUp);
  });

  it("starts after the head position with from: 'end'", async () => {
    const source = new ArraySource(0, true);
    source.add(3);
    const handled: AgenticEvent[] = [];
    const subscription = start(source, {
      from: 'end',
      handler: (event) => void handled.push(event),
    });
    await subscription.caughtUp;
    expect(handled).toEqual([]);
    expect(source.reads[0]!.fromPosition).toBe(4n);
    source.add(1);
    await waitFor(() => handled.length === 1);
    expect(positionsOf(handled)).toEqual([4]);
  });

  it('starts at a given position, and resumes a named consumer after its stored position', async () => {
    const source = new ArraySource(0, true);
    source.add(6);
    const fromThree: AgenticEvent[] = [];
    const first = start(source, { from: 3n, handler: (event) => void fromThree.push(event) });
    await first.caughtUp;
    expect(positionsOf(fromThree)).toEqual([3, 4, 5, 6]);

    source.positions.set('worker', 4n);
    const resumed: AgenticEvent[] = [];
    const second = start(source, {
      consumer: 'worker',
      from: 'start',
      handler: (event) => void resumed.push(event),
    });
    expect(second.consumer).toBe('worker');
    await second.caughtUp;
    expect(positionsOf(resumed)).toEqual([5, 6]);
    expect(source.positions.get('worker')).toBe(6n);
  });

  it('reads in batches of batchSize and passes the filter to the source', async () => {
    const source = new ArraySource(0, true);
    source.add(3, 'a.one');
    source.add(2, 'b.two');
    const handled: AgenticEvent[] = [];
    const subscription = start(source, {
      batchSize: 2,
      filter: { types: ['a.one'] },
      handler: (event) => void handled.push(event),
    });
    await subscription.caughtUp;
    expect(positionsOf(handled)).toEqual([1, 2, 3]);
    expect(source.reads.slice(0, 2)).toEqual([
      { types: ['a.one'], fromPosition: 1n, limit: 2 },
      { types: ['a.one'], fromPosition: 3n, limit: 2 },
    ]);
  });

  it('closes while waiting to retry a failing read', async () => {
    const source = new ArraySource(0, true);
    source.failures = Array.from({ length: 1000 }, () => ({
      error: new ConnectionFailedError('down'),
      afterEvents: 0,
    }));
    const subscription = start(source, { handler: () => {} });
    await waitFor(() => source.reads.length >= 2, { message: 'a retried read' });
    await subscription.close();
    expect(await subscription.ended).toEqual({ reason: 'closed' });
  });

  it('rejects invalid options with VALIDATION_FAILED listing every issue', () => {
    const source = new ArraySource(0, true);
    let thrown: unknown;
    try {
      startCatchUpSubscription(source, {
        handler: 'x' as never,
        from: 0n,
        consumer: '',
        batchSize: 0,
      });
    } catch (error) {
      thrown = error;
    }
    expect(hasErrorCode(thrown, 'VALIDATION_FAILED')).toBe(true);
    expect((thrown as ValidationError).issues.map((issue) => issue.path[0])).toEqual([
      'handler',
      'from',
      'consumer',
      'batchSize',
    ]);
  });

  it('refuses a source that can neither notify nor poll, since live events would never arrive', () => {
    const source = new ArraySource(0, false);
    let thrown: unknown;
    try {
      startCatchUpSubscription(source, { handler: () => {} });
    } catch (error) {
      thrown = error;
    }
    expect(hasErrorCode(thrown, 'INVALID_CONFIGURATION')).toBe(true);
    expect(String(thrown)).toContain('onAppend');
  });
});
