import {
  type BusMessage,
  createDeadLetterPayload,
  deadLetterTopic,
  type JsonValue,
} from '@agenticflow/core';
import type { StreamEntry } from './stream-entry.js';
import { toBusMessage } from './stream-entry.js';
import type { SubscriptionHost } from './subscription-host.js';

/**
 * Publishes the dead letter of `entry` (topic `deadLetterTopic(topic)`, payload from
 * `createDeadLetterPayload`) and acknowledges the original, in one MULTI/EXEC transaction so a
 * crash between the two can neither lose the message nor dead-letter it twice. The dead letter is
 * not held to `maxMessageBytes`: it is the bus's own message and must not be lost to the limit.
 */
export async function deadLetterEntry(
  host: SubscriptionHost,
  redisGroup: string,
  group: string | undefined,
  entry: StreamEntry,
  attempt: number,
  error: unknown,
  delivered?: BusMessage,
): Promise<void> {
  const message = delivered ?? toBusMessage(entry, attempt);
  const payload = createDeadLetterPayload(message, group, error);
  const { stream, args } = host.appendArgs({
    id: host.newId(),
    topic: deadLetterTopic(entry.topic),
    payload: payload as unknown as JsonValue,
    headers: message.headers,
  });
  const results = await host.command
    .multi()
    .xadd(stream, ...args)
    .xack(entry.stream, redisGroup, entry.entryId)
    .exec();
  for (const [failure] of results ?? []) if (failure) throw failure;
  host.noteAppend(stream);
}
