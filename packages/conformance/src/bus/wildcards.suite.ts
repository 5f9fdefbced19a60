import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { inbox, settle, useBus } from './bus-test-kit.js';

export function wildcardsSuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it("matches '*' to exactly one token and '>' to one or more trailing tokens", async () => {
    const p = uniqueToken();
    const patterns = {
      exact: `${p}.a.b`,
      oneAfterA: `${p}.a.*`,
      restAfterA: `${p}.a.>`,
      middle: `${p}.*.c`,
      everything: `${p}.>`,
    };
    const boxes = Object.fromEntries(Object.keys(patterns).map((key) => [key, inbox()])) as Record<
      keyof typeof patterns,
      ReturnType<typeof inbox>
    >;
    for (const [key, pattern] of Object.entries(patterns))
      await bus().subscribe(pattern, boxes[key as keyof typeof patterns].handler);
    const topics = [`${p}.a.b`, `${p}.a.b.c`, `${p}.a`, `${p}.x.c`, `${p}.a.c`];
    for (const topic of topics) await bus().publish(topic, { payload: topic });
    await waitFor(
      () => boxes.everything.messages.length === 5 && boxes.restAfterA.messages.length === 3,
    );
    await settle();
    const got = (key: keyof typeof patterns) =>
      boxes[key].messages.map((message) => message.topic).sort();
    expect(got('exact')).toEqual([`${p}.a.b`]);
    expect(got('oneAfterA')).toEqual([`${p}.a.b`, `${p}.a.c`]);
    expect(got('restAfterA')).toEqual([`${p}.a.b`, `${p}.a.b.c`, `${p}.a.c`]);
    expect(got('middle')).toEqual([`${p}.a.c`, `${p}.x.c`]);
    expect(got('everything')).toEqual([...topics].sort());
  });

  it('rejects invalid topics on publish and invalid patterns on subscribe', async () => {
    for (const topic of [
      '',
      'a..b',
      '.a',
      'a.',
      'a.*',
      'a.>',
      'a b',
      'a.b*',
      'ä.b',
      'x'.repeat(300),
    ]) {
      await expectRejectedCode(bus().publish(topic, { payload: 1 }), 'VALIDATION_FAILED');
    }
    for (const pattern of ['', 'a..b', 'a.>.b', '>.a', 'a.b*', 'a.*x']) {
      await expectRejectedCode(
        bus().subscribe(pattern, () => {}),
        'VALIDATION_FAILED',
      );
    }
  });
}
