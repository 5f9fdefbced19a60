import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { settle, useBus } from './bus-test-kit.js';

export function closeSuite(harness: EventBusHarness): void {
  const { open } = useBus(harness);

  it('lets in-flight handlers finish on close and delivers nothing new', async () => {
    const bus = await open();
    const topic = `${uniqueToken()}.closing`;
    const started: number[] = [];
    const finished: number[] = [];
    await bus.subscribe(
      topic,
      async (message) => {
        started.push(message.payload as number);
        await new Promise((resolve) => setTimeout(resolve, 200));
        finished.push(message.payload as number);
      },
      { group: uniqueToken('g') },
    );
    for (let n = 0; n < 5; n++) await bus.publish(topic, { payload: n });
    await waitFor(() => started.length === 1);
    await bus.close();
    expect(finished).toEqual(started);
    await settle();
    expect(started).toHaveLength(1);
  });

  it('is safe to close twice, and refuses publish and subscribe afterwards with CLOSED', async () => {
    const bus = await open();
    await bus.close();
    await bus.close();
    await expectRejectedCode(bus.publish(`${uniqueToken()}.late`, { payload: 1 }), 'CLOSED');
    await expectRejectedCode(
      bus.subscribe(`${uniqueToken()}.late`, () => {}),
      'CLOSED',
    );
  });
}
