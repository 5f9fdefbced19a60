import { describeEventBusConformance } from '@agenticflow/conformance';
import { InMemoryEventBus } from '@agenticflow/core';
import { Registry } from 'prom-client';
import { instrumentEventBus } from '../src/index.js';

describeEventBusConformance({
  name: 'instrumented in-memory',
  create: async () => instrumentEventBus(new InMemoryEventBus(), { registry: new Registry() }),
});
