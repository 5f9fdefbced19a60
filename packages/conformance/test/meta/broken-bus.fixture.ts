import { type BusSubscribeOptions, InMemoryEventBus, type MessageHandler } from '@agenticflow/core';
import { describeEventBusConformance } from '../../src/index.js';

/** A bus with one defect: a handler that throws is treated as done, so nothing is redelivered. */
class RedeliveryDroppingBus extends InMemoryEventBus {
  override subscribe(pattern: string, handler: MessageHandler, options?: BusSubscribeOptions) {
    const swallowing: MessageHandler = async (message, context) => {
      try {
        await handler(message, context);
      } catch {
        // the defect under test: the failure is dropped
      }
    };
    return super.subscribe(pattern, swallowing, options);
  }
}

describeEventBusConformance({
  name: 'broken: drops redeliveries',
  create: async () => new RedeliveryDroppingBus(),
});
