import { Redis } from 'ioredis';

/** A message as the raw Redis Streams floor delivers it. */
export interface RawStreamMessage {
  /** The Redis entry id. */
  readonly id: string;
  readonly payload: unknown;
  /** Always 1: the floor never redelivers. */
  readonly deliveryAttempt: 1;
}

type RawEntry = [string, string[]];
const BLOCK_MS = 1_000;

/**
 * The W5 floor: the least a Redis Streams bus does, straight on ioredis, speaking the same protocol
 * as the bus it is compared with. `XADD key * d <json>`
 * (concurrent publishes pipeline on the one connection), one consumer group read by a dedicated
 * connection with `XREADGROUP COUNT 100 BLOCK`, each handler awaited in order, then one `XACK` of
 * the batch, sent while the next read starts. No topics, trimming, redelivery, ack timeouts or dead letters.
 */
export class RawRedisStreams {
  private readonly command: Redis;
  private readonly reader: Redis;
  private readonly stream: string;
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** The last batch's XACK, awaited before the next is sent so a failure stops the loop. */
  private pendingAck: Promise<number> = Promise.resolve(0);

  constructor(url: string, keyPrefix: string, protocol: 2 | 3) {
    this.command = new Redis(url, {
      maxRetriesPerRequest: 3,
      enableAutoPipelining: true,
      protocol,
    });
    this.reader = new Redis(url, { maxRetriesPerRequest: null, protocol });
    this.stream = `${keyPrefix}:raw`;
  }

  async publish(payload: unknown): Promise<void> {
    await this.command.xadd(this.stream, '*', 'd', JSON.stringify(payload));
  }

  /** Creates the group and starts the read loop; `onError` gets a failure that stopped it. */
  async consume(
    handler: (message: RawStreamMessage) => Promise<void>,
    onError: (error: unknown) => void,
  ): Promise<void> {
    await this.command.xgroup('CREATE', this.stream, 'g', '$', 'MKSTREAM');
    this.loop = this.read(handler).catch(onError);
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.command.del(this.stream);
    this.reader.disconnect();
    this.command.disconnect();
  }

  private async read(handler: (message: RawStreamMessage) => Promise<void>): Promise<void> {
    while (!this.stopped) {
      const reply = (await this.reader.xreadgroup(
        'GROUP',
        'g',
        'c',
        'COUNT',
        100,
        'BLOCK',
        BLOCK_MS,
        'STREAMS',
        this.stream,
        '>',
      )) as [string, RawEntry[]][] | null;
      if (!reply) continue;
      const entries = reply[0]![1];
      for (const [id, fields] of entries) {
        await handler({ id, payload: JSON.parse(fields[1]!), deliveryAttempt: 1 });
      }
      // The ack goes out on the command connection while the next read starts, as a tuned
      // consumer does; at most one is in flight.
      await this.pendingAck;
      this.pendingAck = this.command.xack(this.stream, 'g', ...entries.map(([id]) => id));
      this.pendingAck.catch(() => {});
    }
    await this.pendingAck;
  }
}
