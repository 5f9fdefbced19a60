import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { defineStateMachine } from '../../src/runtime/define-state-machine.js';

const order = defineStateMachine({
  name: 'order',
  initial: 'pending',
  states: {
    pending: { pay: 'paid', cancel: 'cancelled' },
    paid: { ship: 'shipped', refund: 'cancelled' },
    shipped: {},
    cancelled: {},
  },
  guards: {
    ship: ({ payload }) =>
      typeof (payload as { tracking?: unknown } | undefined)?.tracking === 'string' ||
      'a tracking number is required',
    refund: () => false,
  },
});

describe('defineStateMachine', () => {
  it('lists its states and events and follows transitions', () => {
    expect(order.states).toEqual(['pending', 'paid', 'shipped', 'cancelled']);
    expect(order.events).toEqual(['pay', 'cancel', 'ship', 'refund']);
    expect(order.transition('pending', 'pay')).toBe('paid');
    expect(order.transition('paid', 'ship', { tracking: 'T-1' })).toBe('shipped');
    expect(order.allowedEvents('pending')).toEqual(['pay', 'cancel']);
    expect(order.isFinal('shipped')).toBe(true);
    expect(order.isFinal('paid')).toBe(false);
  });

  it('rejects an event the state does not accept, naming the state, the event and the allowed events', () => {
    const error = expectThrownCode(() => order.transition('pending', 'ship'), 'INVALID_TRANSITION');
    expect(error.message).toContain('"ship" is not allowed in state "pending"');
    expect(error.message).toContain('allowed: pay, cancel');
    expect(error.details).toMatchObject({
      machine: 'order',
      state: 'pending',
      event: 'ship',
      allowedEvents: ['pay', 'cancel'],
    });
    const final = expectThrownCode(() => order.transition('shipped', 'pay'), 'INVALID_TRANSITION');
    expect(final.message).toContain('allowed: none (it is final)');
  });

  it('does not take inherited object keys for events', () => {
    expectThrownCode(() => order.transition('pending', 'toString' as 'pay'), 'INVALID_TRANSITION');
  });

  it('refuses a transition its guard rejects, with the guard reason', () => {
    const error = expectThrownCode(() => order.transition('paid', 'ship'), 'TRANSITION_REJECTED');
    expect(error.message).toContain('a tracking number is required');
    const plain = expectThrownCode(() => order.transition('paid', 'refund'), 'TRANSITION_REJECTED');
    expect(plain.message).toContain('the guard returned false');
    expect(order.can('paid', 'ship')).toBe(false);
    expect(order.can('paid', 'ship', { tracking: 'T-2' })).toBe(true);
  });

  it('rejects a definition with unknown targets or initial state, listing each problem', () => {
    const error = expectThrownCode(
      () =>
        defineStateMachine({
          name: 'broken',
          initial: 'nowhere' as 'a',
          states: { a: { go: 'b' }, b: { back: 'zzz' as 'a' } },
          guards: { fly: () => true } as never,
        }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('initial: "nowhere" is not one of the states (a, b)');
    expect(error.message).toContain('states.b.back: leads to "zzz", which is not a state');
    expect(error.message).toContain('guards.fly: guards an event no state accepts');
    expectThrownCode(
      () => defineStateMachine({ name: '', initial: 'a', states: { a: {} } }),
      'VALIDATION_FAILED',
    );
  });

  it('records transitions in events it checks, and still offers their zod schema', () => {
    const { transitionEvent } = order;
    expect(transitionEvent.type).toBe('state.transitioned');
    const record = { machine: 'order', from: 'pending', to: 'paid', event: 'pay' };
    const created = transitionEvent.create({ ...record, payload: { card: 'x' } });
    expect(created).toMatchObject({ type: 'state.transitioned', data: record });
    const bad = expectThrownCode(
      () => transitionEvent.create({ ...record, to: 3 } as never),
      'VALIDATION_FAILED',
    );
    expect(bad.message).toContain(
      'invalid data of event state.transitioned: to: must be a string, got 3',
    );
    const stored = {
      ...created,
      version: 1,
      streamId: 's',
      position: '1',
      recordedAt: '',
      metadata: {},
    };
    expect(transitionEvent.parse(stored as never).data).toEqual({
      ...record,
      payload: { card: 'x' },
    });
    expectThrownCode(
      () => transitionEvent.parse({ ...stored, data: { machine: 'order' } } as never),
      'VALIDATION_FAILED',
    );
    expect(transitionEvent.schema.safeParse(record).success).toBe(true);
    expect(transitionEvent.schema.safeParse({ ...record, from: 1 }).success).toBe(false);
  });

  it('rejects an event type that is not dotted lower case', () => {
    expectThrownCode(
      () =>
        defineStateMachine({ name: 'x', initial: 'a', states: { a: {} }, eventType: 'Bad Type' }),
      'VALIDATION_FAILED',
    );
  });
});
