import { describeUnlessSkipped } from '@agenticflow/conformance';
import { waitFor } from '@agenticflow/core/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createNatsEventBus, type NatsEventBus } from '../../src/index.js';
import { NatsServerProcess, natsServerMissing } from '../helpers/nats-server-process.js';

const TOTAL = 1_000;

describeUnlessSkipped('a broker restarted with messages in flight', natsServerMissing(), () => {
  let server: NatsServerProcess;
  let publisher: NatsEventBus;
  let worker: NatsEventBus;

  beforeEach(async () => {
    server = await NatsServerProcess.start();
    publisher = await createNatsEventBus({ servers: server.url, streamPrefix: 'RESTART' });
    worker = await createNatsEventBus({ servers: server.url, streamPrefix: 'RESTART' });
  });

  afterEach(async () => {
    await Promise.all([publisher.close(), worker.close()]);
    await server.destroy();
  });

  it('handles every one of 1,000 messages at least once and loses none', async () => {
    const byGroup = new Set<number>();
    const byPlain = new Set<number>();
    await worker.subscribe(
      'orders.*',
      async (message) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        byGroup.add(message.payload as number);
      },
      { group: 'billing', concurrency: 8 },
    );
    await worker.subscribe('orders.*', (message) => void byPlain.add(message.payload as number));

    // Publishing goes on while the broker stops and starts: each publish retries until stored.
    let next = 0;
    const publishing = Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < TOTAL) {
          const n = next++;
          await publisher.publish(`orders.${n % 7}`, { id: `order-${n}`, payload: n });
        }
      }),
    );
    await waitFor(() => next >= 300, { timeoutMs: 15_000, message: '300 publishes started' });
    await server.stop('SIGTERM');
    const publishedWhenStopped = next;
    const handledWhenStopped = byGroup.size;
    await server.launch();
    await publishing;

    await waitFor(() => byGroup.size === TOTAL && byPlain.size === TOTAL, {
      timeoutMs: 30_000,
      message: `all ${TOTAL} messages after the restart (group ${byGroup.size}, plain ${byPlain.size})`,
    });
    // The restart happened with publishes and deliveries both unfinished.
    expect(publishedWhenStopped).toBeLessThan(TOTAL);
    expect(handledWhenStopped).toBeLessThan(publishedWhenStopped);
  });
});
