import { describeEventStoreConformance } from '@agenticflow/conformance';
import { InMemoryEventStore } from '@agenticflow/core';
import { Registry } from 'prom-client';
import { instrumentEventStore, redactEventStore } from '../src/index.js';

// The store wrappers change nothing a store promises (a secret that the suite never writes).
describeEventStoreConformance({
  name: 'instrumented and redacting in-memory',
  create: async () =>
    redactEventStore(instrumentEventStore(new InMemoryEventStore(), { registry: new Registry() }), {
      secrets: ['sk-never-written-0a9f'],
    }),
});
