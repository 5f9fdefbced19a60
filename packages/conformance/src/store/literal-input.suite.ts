import { collect, type EventStore } from '@agenticflow/core';
import { makeEvents } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import { uniqueToken } from '../ids.js';

const hostile = [
  "'; drop table events; --",
  'robert"); delete from x; --',
  '\\',
  '$1',
  '%',
  '_',
  '?',
  ':name',
  'ünï-cødé 漢字 🚀',
];

export function literalInputSuite(getStore: () => EventStore): void {
  it('stores and reads stream ids holding SQL and special characters literally', async () => {
    const store = getStore();
    const token = uniqueToken();
    for (const text of hostile) {
      const streamId = `${token}-${text}`;
      await store.append(streamId, makeEvents(1), { expectedVersion: 'no_stream' });
      const events = await collect(store.readStream(streamId));
      expect(events.map((event) => event.streamId)).toEqual([streamId]);
    }
    const all = await collect(store.readAll({ streamPrefix: `${token}-` }));
    expect(all.map((event) => event.streamId)).toEqual(hostile.map((text) => `${token}-${text}`));
  });

  it('matches type filters holding SQL literally', async () => {
    const store = getStore();
    const token = uniqueToken();
    await store.append(`${token}-s`, makeEvents(2, `${token}.real`));
    const none = await collect(
      store.readAll({ streamPrefix: `${token}-`, types: ["' or '1'='1", `${token}.real' --`] }),
    );
    expect(none).toEqual([]);
    const some = await collect(
      store.readAll({ streamPrefix: `${token}-`, types: [`${token}.real`, "'; drop table x; --"] }),
    );
    expect(some).toHaveLength(2);
  });
}
