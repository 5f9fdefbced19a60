import { collect, type EventStore } from '@agenticflow/core';
import { expectRejectedCode, makeEvents } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import { uniqueToken } from '../ids.js';

export function readAllSuite(getStore: () => EventStore): void {
  it('reads every stream in global position order', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    await store.append(`${prefix}a`, makeEvents(2));
    await store.append(`${prefix}b`, makeEvents(2));
    await store.append(`${prefix}a`, makeEvents(1));
    const events = await collect(store.readAll({ streamPrefix: prefix }));
    expect(events.map((event) => `${event.streamId.slice(prefix.length)}${event.version}`)).toEqual(
      ['a1', 'a2', 'b1', 'b2', 'a3'],
    );
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.position > events[i - 1]!.position).toBe(true);
  });

  it('reads from a position (inclusive) with a limit', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const { events } = await store.append(`${prefix}s`, makeEvents(6));
    const from = events[2]!.position;
    const read = await collect(
      store.readAll({ streamPrefix: prefix, fromPosition: from, limit: 2 }),
    );
    expect(read.map((event) => event.version)).toEqual([3, 4]);
  });

  it('filters by event types', async () => {
    const store = getStore();
    const token = uniqueToken();
    const prefix = `${token}-`;
    await store.append(`${prefix}s`, [
      ...makeEvents(2, `${token}.kept`),
      ...makeEvents(2, `${token}.dropped`),
      ...makeEvents(1, `${token}.also`),
    ]);
    const read = await collect(store.readAll({ types: [`${token}.kept`, `${token}.also`] }));
    expect(read.map((event) => event.type)).toEqual([
      `${token}.kept`,
      `${token}.kept`,
      `${token}.also`,
    ]);
    expect(await collect(store.readAll({ types: [], streamPrefix: prefix }))).toEqual([]);
  });

  it('matches a stream prefix literally, including % and _', async () => {
    const store = getStore();
    const token = uniqueToken();
    await store.append(`${token}%_a`, makeEvents(1));
    await store.append(`${token}xya`, makeEvents(1));
    await store.append(`${token}%_b`, makeEvents(1));
    const read = await collect(store.readAll({ streamPrefix: `${token}%_` }));
    expect(read.map((event) => event.streamId)).toEqual([`${token}%_a`, `${token}%_b`]);
  });

  it('returns nothing past the last position', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const { lastPosition } = await store.append(`${prefix}s`, makeEvents(1));
    expect(
      await collect(store.readAll({ streamPrefix: prefix, fromPosition: lastPosition! + 1n })),
    ).toEqual([]);
  });

  it('rejects invalid readAll options', async () => {
    const store = getStore();
    await expectRejectedCode(collect(store.readAll({ fromPosition: 0n })), 'VALIDATION_FAILED');
    await expectRejectedCode(
      collect(store.readAll({ fromPosition: 5 as never })),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(collect(store.readAll({ limit: 1.5 })), 'VALIDATION_FAILED');
    await expectRejectedCode(
      collect(store.readAll({ types: 'a.b' as never })),
      'VALIDATION_FAILED',
    );
  });
}
