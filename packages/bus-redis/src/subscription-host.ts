import type { IdGenerator, PreparedMessage } from '@agenticflow/core';
import type { Redis } from 'ioredis';
import type { RedisBusErrorContext } from './redis-event-bus-options.js';
import type { StreamLayout } from './stream-layout.js';

/** What a subscription needs from its bus. */
export interface SubscriptionHost {
  readonly command: Redis;
  readonly layout: StreamLayout;
  readonly readBatch: number;
  /** Start of consumer names, naming the host and process for `XINFO CONSUMERS`. */
  readonly consumerPrefix: string;
  readonly newId: IdGenerator;
  newReader(): Redis;
  /** The stream and the `XADD` arguments that publish `message`. */
  appendArgs(message: PreparedMessage): { stream: string; args: (string | number)[] };
  /** Counts an append outside `publish` (a dead letter), so its stream is trimmed too. */
  noteAppend(stream: string): void;
  /** Marks a plain subscription as alive, so no bus sweeps its private group away. */
  markAlive(subscriptionId: string): Promise<void>;
  /** Destroys a plain subscription's private group on every stream, and its liveness key. */
  dropPlainGroup(subscriptionId: string, streams: readonly string[]): Promise<void>;
  report(error: unknown, context: RedisBusErrorContext): void;
}
