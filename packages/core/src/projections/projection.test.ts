import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../store/in-memory-event-store.js';
import { makeEvents } from '../testing/event-factories.js';
import { defineProjection, rebuildProjection } from './projection.js';

const stores: InMemoryEventStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function seededStore(): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  stores.push(store);
  await store.append('run-1', makeEvents(2, 'run.started'));
  await store.append('agent-1', makeEvents(1, 'agent.woke'));
  await store.append('run-2', makeEvents(1, 'run.completed'));
  await store.append('agent-2', makeEvents(1, 'agent.slept'));
  return store;
}

const lastTypeByStream = defineProjection({
  name: 'last-type-by-stream',
  initialState: () => ({}) as Record<string, string>,
  filter: { streamPrefix: 'run-' },
  reduce: (state, event) => ({ ...state, [event.streamId]: event.type }),
});

describe('rebuildProjection', () => {
  it('folds only the events that match its stream prefix filter', async () => {
    const store = await seededStore();
    expect(await rebuildProjection(store, lastTypeByStream)).toEqual({
      state: { 'run-1': 'run.started', 'run-2': 'run.completed' },
      position: 4n,
    });
  });

  it('folds only the events that match its type filter, in position order', async () => {
    const store = await seededStore();
    const types = defineProjection({
      name: 'agent-activity',
      initialState: () => [] as string[],
      filter: { types: ['agent.woke', 'agent.slept'] },
      reduce: (state, event) => [...state, `${event.position}:${event.type}`],
    });
    expect(await rebuildProjection(store, types)).toEqual({
      state: ['3:agent.woke', '5:agent.slept'],
      position: 5n,
    });
  });

  it('folds everything without a filter, and reports a null position when nothing matched', async () => {
    const store = await seededStore();
    const count = defineProjection({
      name: 'count',
      initialState: () => 0,
      reduce: (n) => n + 1,
    });
    expect(await rebuildProjection(store, count)).toEqual({ state: 5, position: 5n });
    const none = defineProjection({ ...count, filter: { types: ['never.happened'] } });
    expect(await rebuildProjection(store, none)).toEqual({ state: 0, position: null });
  });
});
