import { describeUnlessSkipped } from '@agenticflow/conformance';
import { type BusMessage, deadLetterTopic, readDeadLetter } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createNatsEventBus, type NatsEventBus } from '../../src/index.js';
import { NatsServerProcess, natsServerMissing } from '../helpers/nats-server-process.js';

describeUnlessSkipped('a poison message', natsServerMissing(), () => {
  let server: NatsServerProcess;
  let bus: NatsEventBus;

  beforeEach(async () => {
    server = await NatsServerProcess.start();
    bus = await createNatsEventBus({ servers: server.url, streamPrefix: 'POISON' });
  });

  afterEach(async () => {
    await bus.close();
    await server.destroy();
  });

  it('goes to the dead-letter topic while the messages behind it keep flowing', async () => {
    const log: string[] = [];
    const dead: BusMessage[] = [];
    await bus.subscribe(deadLetterTopic('invoices.render'), (message) => {
      log.push('dead letter');
      dead.push(message);
    });
    await bus.subscribe(
      'invoices.render',
      (message) => {
        if (message.payload === 'poison') {
          log.push(`poison attempt ${message.deliveryAttempt}`);
          throw new Error(`cannot render attempt ${message.deliveryAttempt}`);
        }
        log.push(`good ${message.payload}`);
      },
      { group: 'renderers', maxDeliveries: 3, backoff: () => 200 },
    );
    const { id } = await bus.publish('invoices.render', { payload: 'poison' });
    for (let n = 0; n < 50; n++) await bus.publish('invoices.render', { payload: n });

    await waitFor(() => dead.length === 1, { message: 'the dead letter' });
    const good = log.filter((entry) => entry.startsWith('good'));
    expect(good).toHaveLength(50);
    // The good messages were handled during the poison message's backoff, not after it gave up.
    expect(log.indexOf('good 0')).toBeLessThan(log.indexOf('poison attempt 2'));
    expect(log.filter((entry) => entry.startsWith('poison'))).toEqual([
      'poison attempt 1',
      'poison attempt 2',
      'poison attempt 3',
    ]);
    const letter = readDeadLetter(dead[0]!.payload);
    expect(letter).toMatchObject({ messageId: id, group: 'renderers', deliveryAttempts: 3 });
    expect(letter.error.message).toBe('cannot render attempt 3');
  });
});
