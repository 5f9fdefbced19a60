import { InMemoryEventBus, InMemoryEventStore } from '@agenticflow/core';
import { describeEventBusConformance, describeEventStoreConformance } from '../src/index.js';

describeEventStoreConformance({ name: 'in-memory', create: async () => new InMemoryEventStore() });
describeEventStoreConformance({
  name: 'in-memory (small event limit)',
  create: async () => new InMemoryEventStore({ maxEventBytes: 4096 }),
});
describeEventBusConformance({ name: 'in-memory', create: async () => new InMemoryEventBus() });
