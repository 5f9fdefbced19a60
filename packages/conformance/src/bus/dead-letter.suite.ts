import { type BusMessage, deadLetterTopic, readDeadLetter } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { inbox, settle, useBus } from './bus-test-kit.js';

export function deadLetterSuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it('moves a message to the dead-letter topic with its last error after maxDeliveries', async () => {
    const topic = `${uniqueToken()}.doomed`;
    const dead = inbox();
    await bus().subscribe(deadLetterTopic(topic), dead.handler);
    const attempts: number[] = [];
    await bus().subscribe(
      topic,
      (message) => {
        attempts.push(message.deliveryAttempt);
        throw new Error(`broken on attempt ${message.deliveryAttempt}`);
      },
      { maxDeliveries: 3, backoff: () => 20 },
    );
    const { id } = await bus().publish(topic, {
      payload: { order: 7 },
      headers: { 'x-origin': 'test' },
    });
    await waitFor(() => dead.messages.length === 1, { message: 'a dead letter' });
    await settle();
    expect(attempts).toEqual([1, 2, 3]);
    const letter = readDeadLetter(dead.messages[0]!.payload);
    expect(letter).toMatchObject({
      originalTopic: topic,
      messageId: id,
      payload: { order: 7 },
      deliveryAttempts: 3,
    });
    expect(letter.headers).toMatchObject({ 'x-origin': 'test' });
    expect(letter.error.message).toContain('broken on attempt 3');
    expect(dead.messages[0]!.topic).toBe(deadLetterTopic(topic));
  });

  it('records the group in the dead letter', async () => {
    const topic = `${uniqueToken()}.doomed-group`;
    const group = uniqueToken('g');
    const dead = inbox();
    await bus().subscribe(deadLetterTopic(topic), dead.handler);
    await bus().subscribe(topic, () => Promise.reject(new Error('always')), {
      group,
      maxDeliveries: 2,
      backoff: () => 20,
    });
    await bus().publish(topic, { payload: null });
    await waitFor(() => dead.messages.length === 1);
    expect(readDeadLetter(dead.messages[0]!.payload).group).toBe(group);
  });

  it('does not deliver dead letters to wildcard patterns that do not name the dead-letter prefix', async () => {
    const token = uniqueToken();
    const wildcard = inbox();
    const named = inbox();
    await bus().subscribe(`*.${token}`, wildcard.handler);
    await bus().subscribe(deadLetterTopic(token), named.handler);
    await bus().subscribe(
      token,
      () => {
        throw new Error('no');
      },
      { maxDeliveries: 1 },
    );
    await bus().publish(token, { payload: 1 });
    await waitFor(() => named.messages.length === 1);
    await settle();
    expect(wildcard.messages).toHaveLength(0);
  });

  it('handles a message once when it succeeds on its last allowed attempt', async () => {
    const topic = `${uniqueToken()}.last-chance`;
    const dead = inbox();
    await bus().subscribe(deadLetterTopic(topic), dead.handler);
    const seen: BusMessage[] = [];
    await bus().subscribe(
      topic,
      (message) => {
        seen.push(message);
        if (message.deliveryAttempt < 2) throw new Error('not yet');
      },
      { maxDeliveries: 2, backoff: () => 20 },
    );
    await bus().publish(topic, { payload: 1 });
    await waitFor(() => seen.length === 2);
    await settle();
    expect(dead.messages).toHaveLength(0);
  });
}
