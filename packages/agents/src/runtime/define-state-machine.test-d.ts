import { describe, expectTypeOf, it } from 'vitest';
import { defineStateMachine } from './define-state-machine.js';

const order = defineStateMachine({
  name: 'order',
  initial: 'pending',
  states: {
    pending: { pay: 'paid', cancel: 'cancelled' },
    paid: { ship: 'shipped' },
    shipped: {},
    cancelled: {},
  },
  guards: {
    ship: ({ from, event, payload }) => {
      expectTypeOf(from).toEqualTypeOf<'pending' | 'paid' | 'shipped' | 'cancelled'>();
      expectTypeOf(event).toEqualTypeOf<'ship'>();
      return payload !== null || 'no payload';
    },
  },
});

describe('defineStateMachine types', () => {
  it('infers states and events from the table', () => {
    expectTypeOf(order.initial).toEqualTypeOf<'pending' | 'paid' | 'shipped' | 'cancelled'>();
    expectTypeOf(order.transition('pending', 'pay')).toEqualTypeOf<
      'pending' | 'paid' | 'shipped' | 'cancelled'
    >();
    expectTypeOf(order.allowedEvents).returns.toEqualTypeOf<('pay' | 'cancel' | 'ship')[]>();
  });

  it('rejects unknown states, events and targets at compile time', () => {
    // @ts-expect-error 'lost' is not a state
    order.transition('lost', 'pay');
    // @ts-expect-error 'refund' is not an event
    order.transition('paid', 'refund');
    defineStateMachine({
      name: 'bad',
      initial: 'a',
      // @ts-expect-error 'c' is not a state
      states: { a: { go: 'c' }, b: {} },
    });
    defineStateMachine({
      name: 'bad',
      // @ts-expect-error 'z' is not a state
      initial: 'z',
      states: { a: { go: 'b' }, b: {} },
    });
    defineStateMachine({
      name: 'bad',
      initial: 'a',
      states: { a: { go: 'b' }, b: {} },
      // @ts-expect-error 'fly' is not an event
      guards: { fly: () => true },
    });
  });
});
