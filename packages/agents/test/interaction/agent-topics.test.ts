import { collect } from '@agenticflow/core';
import { expectRejectedCode, expectThrownCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { type AgentTopicMessage, createAgentTopics } from '../../src/interaction/index.js';
import { closeAfterTest, inMemorySetup } from './support/in-memory-setup.js';

function topicsOn(setup: ReturnType<typeof inMemorySetup>) {
  const topics = createAgentTopics({ bus: setup.bus, store: setup.store });
  closeAfterTest(() => topics.close());
  return topics;
}

describe('createAgentTopics', () => {
  it('gives every subscribed agent each matching message once, however many processes host it', async () => {
    const setup = inMemorySetup();
    const [processA, processB, publisher] = [topicsOn(setup), topicsOn(setup), topicsOn(setup)];
    const got: Array<[string, string]> = [];
    const record = (agent: string) => (message: AgentTopicMessage) => {
      got.push([agent, String(message.body)]);
    };
    await processA.subscribe('trader-1', 'prices.>', record('trader-1'));
    await processB.subscribe('trader-1', 'prices.>', record('trader-1'));
    await processA.subscribe('auditor', 'prices.*', record('auditor'));
    await processA.subscribe('other', 'news.>', record('other'));

    for (const body of ['a', 'b', 'c'])
      await publisher.publish({ topic: 'prices.eur', type: 'price.changed', from: 'feed', body });
    await waitFor(() => got.length === 6, { message: 'six deliveries' });

    expect(
      got
        .filter(([agent]) => agent === 'trader-1')
        .map(([, body]) => body)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(got.filter(([agent]) => agent === 'auditor').map(([, body]) => body)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(got.some(([agent]) => agent === 'other')).toBe(false);
  });

  it('records each published message in topic-<topic> before publishing it', async () => {
    const setup = inMemorySetup();
    const topics = topicsOn(setup);
    const sent = await topics.publish({
      topic: 'alerts.disk',
      type: 'alert.raised',
      from: 'monitor',
      body: { free: 3 },
    });
    const events = await collect(setup.store.readStream('topic-alerts.disk'));
    expect(events.map((event) => [event.id, event.type])).toEqual([
      [sent.id, 'agent.topic.published'],
    ]);
    expect(events[0]!.data).toEqual({ message: sent });
  });

  it('refuses a topic with wildcards, a bad pattern and a bad agent id with VALIDATION_FAILED', async () => {
    const topics = topicsOn(inMemorySetup());
    const publish = await expectRejectedCode(
      topics.publish({ topic: 'prices.*', type: 'price.changed', from: 'feed', body: 1 }),
      'VALIDATION_FAILED',
    );
    expect(publish.message).toContain('"prices.*"');
    await expectRejectedCode(
      topics.subscribe('a', 'prices.>.x', () => undefined),
      'VALIDATION_FAILED',
    );
    const agent = await expectRejectedCode(
      topics.subscribe('no way', 'prices.>', () => undefined),
      'VALIDATION_FAILED',
    );
    expect(agent.message).toContain('"no way" is not an agent id');
    const options = expectThrownCode(
      () => createAgentTopics({ bus: undefined as never, store: undefined as never }),
      'INVALID_CONFIGURATION',
    );
    expect(options.message).toContain('createAgentTopics needs `bus`');
  });
});
