import {
  type BusMessage,
  type BusSubscription,
  hasErrorCode,
  isDeadLetterTopic,
  type MessageHandler,
  type ResolvedBusSubscribeOptions,
  TimeoutError,
  ValidationError,
} from '@agenticflow/core';
import { AckBatcher } from './ack-batcher.js';
import { classifyRedisError } from './classify-redis-error.js';
import { deadLetterEntry } from './dead-letter-entry.js';
import { HandlerRunner } from './handler-runner.js';
import {
  autoClaim,
  type ClaimedEntry,
  type ConsumerRef,
  claimEntries,
  ownPendingIds,
  releaseEntries,
  removeConsumerIfIdle,
  touchEntries,
} from './pending-entries.js';
import type { RawEntry } from './redis-replies.js';
import { decodeEntry, messageIdOf, type StreamEntry, toBusMessage } from './stream-entry.js';
import { StreamReader } from './stream-reader.js';
import type { SubscriptionHost } from './subscription-host.js';
import { SubscriptionTimers } from './subscription-timers.js';
import { topicFilter } from './topic-filter.js';
import { type Tracked, TrackedEntries } from './tracked-entries.js';

const ERROR_DELAY_MS = 250;
const OWN_PENDING_PAGE = 1_000;

/**
 * One `subscribe` on a {@link RedisEventBus}: a consumer in a consumer group (the bus group's, or a
 * private one for a plain subscription) on each stream the pattern needs, read by its own
 * blocking connection. The package README describes the delivery algorithm.
 */
export class RedisBusSubscription implements BusSubscription {
  readonly redisGroup: string;
  readonly consumer: string;
  private readonly streams: readonly string[];
  private readonly matches: (topic: string) => boolean;
  private readonly reader: StreamReader;
  private readonly acks: AckBatcher;
  private readonly runner: HandlerRunner<Tracked>;
  private readonly tracked = new TrackedEntries();
  private queue: Tracked[] = [];
  /** Dead letters being published; unsubscribe waits for them. */
  private readonly chores = new Set<Promise<void>>();
  private readonly timers = new SubscriptionTimers();
  private readonly claimCursors = new Map<string, string>();
  private stopped = false;
  private ending: Promise<void> | undefined;

  constructor(
    private readonly host: SubscriptionHost,
    readonly id: string,
    readonly pattern: string,
    handler: MessageHandler,
    private readonly options: ResolvedBusSubscribeOptions,
    private readonly onEnd: () => void,
  ) {
    this.redisGroup =
      options.group === undefined
        ? host.layout.plainGroupName(id)
        : host.layout.groupName(options.group, pattern);
    this.consumer = `${host.consumerPrefix}-${id.slice(-12)}`;
    this.streams = host.layout.streamsFor(pattern);
    this.matches = topicFilter(pattern);
    this.acks = new AckBatcher(host.command, this.redisGroup, (error) =>
      this.report(error, 'acknowledging handled messages (they are retried)'),
    );
    this.runner = new HandlerRunner(
      handler,
      options.ackTimeoutMs,
      (tracked, message, error) => {
        if (error === undefined) this.finish(tracked);
        else this.failed(tracked, message, error);
        this.pump();
      },
      (tracked) => {
        tracked.working = true;
      },
      options.group,
    );
    this.reader = new StreamReader(host, this.streams, this.redisGroup, this.consumer, {
      want: () => this.wantCount(),
      deliver: (stream, entries) => {
        this.accept(stream, entries);
        this.pump();
      },
      recover: () => this.recoverOwnPending(),
      report: (error, what) => this.report(error, what),
    });
  }

  get group(): string | undefined {
    return this.options.group;
  }

  /** Creates the consumer groups and starts reading. */
  async start(): Promise<void> {
    if (this.options.group === undefined) await this.host.markAlive(this.id);
    await this.reader.start();
    if (this.options.group !== undefined) this.startGroupTimers();
  }

  unsubscribe(): Promise<void> {
    this.ending ??= this.end();
    return this.ending;
  }

  private ref(stream: string): ConsumerRef {
    const { command } = this.host;
    return { command, stream, group: this.redisGroup, consumer: this.consumer };
  }

  /** Entries to read now: free handler slots for a group member, a batch for a plain subscriber. */
  private wantCount(): number {
    const free = this.options.concurrency - this.runner.active - this.queue.length;
    if (this.options.group !== undefined) return Math.max(0, free);
    return this.queue.length === 0 && this.runner.active < this.options.concurrency
      ? Math.max(this.host.readBatch, free)
      : 0;
  }

  /** Takes entries now pending for us into the queue; `claimed` ones carry their delivery count. */
  private accept(stream: string, entries: readonly (RawEntry | ClaimedEntry)[]): void {
    for (const raw of entries) {
      const claimed = !Array.isArray(raw);
      const entryId = claimed ? raw.entryId : raw[0];
      const fields = claimed ? raw.fields : raw[1];
      const deliveries = claimed ? raw.deliveries : 1;
      if (this.tracked.has(stream, entryId)) continue;
      const entry = decodeEntry(stream, entryId, fields);
      if (!entry) {
        if (fields) {
          this.report(
            new ValidationError(
              `entry ${entryId} on ${stream} was not written by a RedisEventBus`,
              [{ path: ['fields'], message: 'needs the fields t (topic), i (id) and p (payload)' }],
            ),
            'decoding a stream entry; it was acknowledged and skipped',
          );
        }
        this.acks.add(stream, entryId);
        continue;
      }
      if (!this.matches(entry.topic)) {
        this.acks.add(stream, entryId);
        continue;
      }
      const tracked: Tracked = { entry, attempt: deliveries, state: 'queued', working: false };
      this.tracked.add(tracked);
      if (deliveries > this.options.maxDeliveries) {
        this.deadLetter(tracked, unacknowledged(entry, deliveries));
      } else {
        this.queue.push(tracked);
      }
    }
  }

  private pump(): void {
    while (
      !this.stopped &&
      this.runner.active < this.options.concurrency &&
      this.queue.length > 0
    ) {
      this.run(this.queue.shift()!);
    }
    if (this.stopped || this.wantCount() > 0) this.reader.wake();
  }

  private run(tracked: Tracked): void {
    let message: BusMessage;
    try {
      message = toBusMessage(tracked.entry, tracked.attempt);
    } catch (error) {
      this.report(error, `reading entry ${tracked.entry.entryId}; it was acknowledged and skipped`);
      this.finish(tracked);
      return;
    }
    tracked.state = 'running';
    tracked.working = false;
    this.runner.start(tracked, message);
  }

  /** Acknowledges a message that is done (handled, or not ours to handle). */
  private finish(tracked: Tracked): void {
    this.tracked.delete(tracked.entry.stream, tracked.entry.entryId);
    this.acks.add(tracked.entry.stream, tracked.entry.entryId);
  }

  private failed(tracked: Tracked, message: BusMessage, error: unknown): void {
    tracked.lastError = error;
    tracked.state = 'waiting';
    if (this.stopped) return;
    if (tracked.attempt >= this.options.maxDeliveries) {
      this.deadLetter(tracked, error, message);
      return;
    }
    if (this.options.group !== undefined) void this.keepAlive([tracked]);
    this.timers.after(this.options.backoff(tracked.attempt), () => this.retry(tracked));
  }

  /** Claims a failed message back from the pending list, counting the delivery, and queues it. */
  private async retry(tracked: Tracked): Promise<void> {
    const { stream, entryId } = tracked.entry;
    try {
      const [claimed] = await claimEntries(this.ref(stream), [entryId]);
      if (this.stopped) return;
      if (!claimed?.fields) {
        // Acknowledged or trimmed meanwhile: nothing left to deliver.
        this.tracked.delete(stream, entryId);
        if (claimed) this.acks.add(stream, entryId);
      } else if (claimed.deliveries > this.options.maxDeliveries) {
        tracked.attempt = claimed.deliveries;
        this.deadLetter(tracked, tracked.lastError);
      } else {
        tracked.attempt = claimed.deliveries;
        tracked.state = 'queued';
        this.queue.unshift(tracked);
      }
      this.pump();
    } catch (error) {
      if (this.stopped) return;
      this.report(
        error,
        `claiming message ${messageIdOf(tracked.entry)} for redelivery (retrying)`,
      );
      this.timers.after(ERROR_DELAY_MS * 4, () => this.retry(tracked));
    }
  }

  /**
   * Sends a message that used up its deliveries to the dead-letter topic. A dead letter whose own
   * handling failed is reported and acknowledged instead: it is never dead-lettered again.
   */
  private deadLetter(tracked: Tracked, error: unknown, delivered?: BusMessage): void {
    tracked.state = 'waiting';
    const { entry } = tracked;
    const context = { topic: entry.topic, messageId: messageIdOf(entry) };
    if (isDeadLetterTopic(entry.topic)) {
      this.host.report(error, { ...context, what: 'handling a dead letter; it was dropped' });
      this.finish(tracked);
      return;
    }
    const work = deadLetterEntry(
      this.host,
      this.redisGroup,
      this.options.group,
      entry,
      tracked.attempt,
      error,
      delivered,
    ).then(
      () => {
        this.tracked.delete(entry.stream, entry.entryId);
        this.pump();
      },
      (failure: unknown) => {
        if (hasErrorCode(failure, 'VALIDATION_FAILED')) {
          this.host.report(failure, { ...context, what: 'dead-lettering an unreadable entry' });
          this.finish(tracked);
          return;
        }
        if (this.stopped) return;
        this.host.report(failure, { ...context, what: 'publishing a dead letter (retrying)' });
        this.timers.after(ERROR_DELAY_MS * 4, async () =>
          this.deadLetter(tracked, error, delivered),
        );
      },
    );
    this.chores.add(work);
    void work.finally(() => this.chores.delete(work));
  }

  /** After a lost connection: claims entries pending for us that we do not know about. */
  private async recoverOwnPending(): Promise<void> {
    for (const stream of this.streams) {
      try {
        const ids = (await ownPendingIds(this.ref(stream), OWN_PENDING_PAGE)).filter(
          (entryId) => !this.tracked.has(stream, entryId),
        );
        this.accept(stream, await claimEntries(this.ref(stream), ids));
      } catch (error) {
        if (classifyRedisError(error) !== 'connection')
          this.report(error, 'recovering pending messages');
        this.timers.after(ERROR_DELAY_MS, () => this.recoverOwnPending());
        return;
      }
    }
    this.pump();
  }

  private startGroupTimers(): void {
    const ackTimeoutMs = this.options.ackTimeoutMs;
    // Others may claim our entries only after this long idle; we touch ours well before that.
    const claimAfterMs = ackTimeoutMs + Math.max(250, Math.floor(ackTimeoutMs / 2));
    const keepAliveMs = Math.max(50, Math.floor(ackTimeoutMs / 3));
    const reclaimMs = Math.min(5_000, Math.max(100, Math.floor(ackTimeoutMs / 2)));
    this.timers.every(keepAliveMs, () => this.keepAlive());
    this.timers.every(reclaimMs, () => this.reclaim(claimAfterMs));
  }

  /**
   * Resets the idle time of the entries we hold and are not timing out: queued, waiting for a
   * retry, or running with `working()` called since the last time.
   */
  private async keepAlive(only?: readonly Tracked[]): Promise<void> {
    for (const stream of this.streams) {
      const ids: string[] = [];
      for (const tracked of only ?? this.tracked.on(stream)) {
        if (tracked.entry.stream !== stream) continue;
        if (tracked.state === 'running' && !tracked.working) continue;
        tracked.working = false;
        ids.push(tracked.entry.entryId);
      }
      await touchEntries(this.ref(stream), ids).catch((error: unknown) => {
        if (classifyRedisError(error) !== 'connection')
          this.report(error, 'renewing pending messages');
      });
    }
  }

  /** Takes over messages another member left pending too long (it died or hung). */
  private async reclaim(claimAfterMs: number): Promise<void> {
    for (const stream of this.streams) {
      const count = this.wantCount();
      if (this.stopped || count === 0) return;
      try {
        const cursor = this.claimCursors.get(stream) ?? '0-0';
        const claimed = await autoClaim(this.ref(stream), claimAfterMs, cursor, count);
        this.claimCursors.set(stream, claimed.cursor);
        if (!this.stopped) this.accept(stream, claimed.entries);
      } catch (error) {
        const kind = classifyRedisError(error);
        if (kind !== 'connection' && kind !== 'nogroup')
          this.report(error, 'claiming messages of other members');
      }
    }
    this.pump();
  }

  private async end(): Promise<void> {
    this.stopped = true;
    this.timers.clear();
    this.pump();
    await this.reader.stop();
    await this.runner.idle();
    this.runner.dispose();
    await Promise.all([...this.chores]);
    try {
      if (this.options.group === undefined) {
        this.acks.stop();
        await this.host.dropPlainGroup(this.id, this.streams);
      } else {
        await this.acks.flush();
        this.acks.stop();
        await this.handBack();
      }
    } catch (error) {
      this.report(error, 'unsubscribing');
    }
    this.onEnd();
  }

  /** Returns the messages this member holds but did not handle to the group, and leaves it. */
  private async handBack(): Promise<void> {
    for (const stream of this.streams) {
      const ids = [...this.tracked.on(stream)].map((tracked) => tracked.entry.entryId);
      await releaseEntries(this.ref(stream), ids);
      await removeConsumerIfIdle(this.ref(stream));
    }
    this.tracked.clear();
  }

  private report(error: unknown, what: string): void {
    this.host.report(error, {
      what: `${what} (subscription ${this.pattern})`,
      topic: this.pattern,
    });
  }
}

function unacknowledged(entry: StreamEntry, deliveries: number): TimeoutError {
  return new TimeoutError(
    `message ${messageIdOf(entry)} on ${entry.topic} was delivered ${deliveries} times without being acknowledged (its consumers died or timed out): it may crash the process that handles it`,
  );
}
