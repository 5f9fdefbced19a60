import type { Redis } from 'ioredis';
import { classifyRedisError } from './classify-redis-error.js';
import { type RawEntry, streamReadReply } from './redis-replies.js';
import type { SubscriptionHost } from './subscription-host.js';

// XREADGROUP BLOCK: how long a read waits before asking again (stop() unblocks it at once).
const BLOCK_MS = 10_000;
const ERROR_DELAY_MS = 250;

/** What a {@link StreamReader} asks of its subscription. */
export interface ReaderClient {
  /** Entries to read now; 0 makes the reader wait for {@link StreamReader.wake}. */
  want(): number;
  /** New entries of one stream, now pending for this consumer. */
  deliver(stream: string, entries: RawEntry[]): void;
  /** Runs after the connection was lost: a lost reply may have left entries pending for us. */
  recover(): Promise<void>;
  report(error: unknown, what: string): void;
}

/**
 * The blocking read loop of one subscription, on a connection of its own: `XREADGROUP … BLOCK`
 * over every stream of the pattern. It survives reconnects (then asks its client to recover
 * entries whose reply was lost) and a vanished consumer group (recreated after the last entry it
 * saw). `stop()` ends a blocked read at once with `CLIENT UNBLOCK`.
 */
export class StreamReader {
  private readonly connection: Redis;
  private connectionId: number | undefined;
  private readyCount = 0;
  private readonly lastSeen = new Map<string, string>();
  private startId = '$';
  private waiter: (() => void) | undefined;
  private reading = false;
  private needsRecovery = false;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly host: SubscriptionHost,
    private readonly streams: readonly string[],
    private readonly group: string,
    private readonly consumer: string,
    private readonly client: ReaderClient,
  ) {
    this.connection = host.newReader();
    this.connection.on('ready', () => {
      this.readyCount++;
      if (this.readyCount === 1) return;
      this.needsRecovery = true;
      this.connectionId = undefined;
      this.connection.client('ID').then(
        (id) => {
          this.connectionId = id;
        },
        () => {},
      );
    });
  }

  /** Creates the group on every stream at `$` (a lost `BUSYGROUP` race is fine), then reads. */
  async start(): Promise<void> {
    const [[seconds, micros], id] = await Promise.all([
      this.host.command.time(),
      this.connection.client('ID'),
      ...this.streams.map((stream) => this.createGroup(stream, '$')),
    ]);
    this.startId = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)}-0`;
    this.connectionId ??= id;
    this.loop = this.run();
  }

  /** Tells a reader waiting for capacity to look again. */
  wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Ends the loop (a blocked read returns at once) and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    // The read may not have reached the server yet when UNBLOCK does: try a few times.
    for (let tries = 0; this.reading && tries < 10; tries++) {
      if (this.connectionId === undefined || this.host.command.status !== 'ready') break;
      await this.host.command.client('UNBLOCK', this.connectionId).catch(() => 0);
      await Promise.race([this.loop, sleep(20 * (tries + 1))]);
    }
    if (this.reading) this.connection.disconnect();
    await this.loop;
    this.connection.disconnect();
  }

  private async createGroup(stream: string, from: string): Promise<void> {
    try {
      await this.host.command.xgroup('CREATE', stream, this.group, from, 'MKSTREAM');
    } catch (error) {
      if (classifyRedisError(error) !== 'busygroup') throw error;
    }
  }

  private async run(): Promise<void> {
    const ids = this.streams.map(() => '>');
    while (!this.stopped) {
      const count = this.client.want();
      if (count === 0) {
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
        continue;
      }
      if (this.needsRecovery) {
        this.needsRecovery = false;
        await this.client.recover();
        continue;
      }
      let reply: [string, RawEntry[]][];
      this.reading = true;
      try {
        const raw = await this.connection.call(
          'XREADGROUP',
          'GROUP',
          this.group,
          this.consumer,
          'COUNT',
          count,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...this.streams,
          ...ids,
        );
        reply = streamReadReply(raw);
      } catch (error) {
        this.reading = false;
        if (this.stopped) break;
        await this.onError(error);
        continue;
      }
      this.reading = false;
      for (const [stream, entries] of reply) {
        if (entries.length > 0) this.lastSeen.set(stream, entries[entries.length - 1]![0]);
        this.client.deliver(stream, entries);
      }
    }
  }

  private async onError(error: unknown): Promise<void> {
    const kind = classifyRedisError(error);
    try {
      if (kind === 'nogroup') {
        // The group vanished (a non-durable restart, eviction, deletion): recreate it after the
        // last entry we saw, so what is published from now on still arrives.
        await Promise.all(
          this.streams.map((stream) =>
            this.createGroup(stream, this.lastSeen.get(stream) ?? this.startId),
          ),
        );
        this.client.report(error, 'reading; the consumer group was missing and has been recreated');
      } else {
        if (this.connection.status === 'end') this.connection.connect().catch(() => {});
        if (kind !== 'connection') this.client.report(error, 'reading messages');
        this.needsRecovery = true;
      }
    } catch (recreateError) {
      this.client.report(recreateError, 'recreating the consumer group');
    }
    await sleep(ERROR_DELAY_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
