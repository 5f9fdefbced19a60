import { type AppendOptions, InMemoryEventStore, type NewEvent } from '@agenticflow/core';
import { describeEventStoreConformance } from '../../src/index.js';

/** A store with one defect: it ignores `expectedVersion`. The suite must catch it. */
class VersionIgnoringStore extends InMemoryEventStore {
  override append(streamId: string, events: readonly NewEvent[], _options?: AppendOptions) {
    return super.append(streamId, events, { expectedVersion: 'any' });
  }
}

describeEventStoreConformance({
  name: 'broken: ignores expectedVersion',
  create: async () => new VersionIgnoringStore(),
});
