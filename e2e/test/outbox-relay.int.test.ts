import {
  describeUnlessSkipped,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import type { BusMessage, SerializedEvent } from '@agenticflow/core';
import { serializeEvent } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { afterAll, expect, it } from 'vitest';
import { type Backends, BUSES, openBus, openStore } from './fixtures/backends.js';
import { cleanUp, startChild } from './support.js';

for (const bus of BUSES) {
  const busUrl = bus === 'nats' ? testServiceUrls.nats : testServiceUrls.redis;
  const skip =
    (await unreachableReason(testServiceUrls.postgres)) ?? (await unreachableReason(busUrl));

  describeUnlessSkipped(`the outbox relay on PostgreSQL with ${bus}`, skip, () => {
    const backends: Backends = {
      postgresUrl: testServiceUrls.postgres,
      schema: uniqueToken('e2e_outbox_').toLowerCase(),
      bus,
      busUrl,
      busPrefix: uniqueToken(bus === 'nats' ? 'E2EOUTBOX' : 'e2e-outbox-'),
    };
    afterAll(() => cleanUp(backends));

    it('publishes an event whose relay process was killed between the append and the publish', async () => {
      const store = await openStore(backends);
      const observer = await openBus(backends);
      const received: BusMessage[] = [];
      await observer.subscribe('events.>', (message) => void received.push(message));
      try {
        const [first] = (
          await store.append('order-1', [{ type: 'order.placed', data: { total: 42 } }])
        ).events;

        const doomed = startChild('relay-process.ts', backends, { AF_HANG_BEFORE_PUBLISH: '1' });
        expect(await doomed.line('PUBLISHING')).toBe(`PUBLISHING ${first!.id}`);
        doomed.process.kill('SIGKILL');
        await doomed.exited;
        expect(received).toHaveLength(0);

        const relay = startChild('relay-process.ts', backends);
        await relay.line('CAUGHT_UP');
        const [second] = (
          await store.append('order-1', [{ type: 'order.shipped', data: { carrier: 'post' } }])
        ).events;
        await waitFor(() => received.length >= 2, {
          timeoutMs: 20_000,
          message: 'both events on the bus',
        });
        relay.process.kill('SIGTERM');
        await relay.exited;

        const payloads = received.map((message) => message.payload as unknown as SerializedEvent);
        expect(payloads.map((payload) => payload.id)).toEqual([first!.id, second!.id]);
        expect(payloads[0]).toEqual(serializeEvent(first!));
        expect(received.map((message) => message.id)).toEqual([first!.id, second!.id]);
        expect(received.map((message) => message.topic)).toEqual([
          'events.order.placed',
          'events.order.shipped',
        ]);
      } finally {
        await observer.close();
        await store.close();
      }
    });
  });
}
