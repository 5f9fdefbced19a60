import { describe, expect, it } from 'vitest';
import { LazyDeliveryContext } from './lazy-delivery-context.js';

describe('LazyDeliveryContext', () => {
  it('aborts a signal read before the abort, with the reason', () => {
    const context = new LazyDeliveryContext(() => {});
    const signal = context.signal;
    expect(signal.aborted).toBe(false);
    const reason = new Error('ack timeout');
    context.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(context.signal).toBe(signal);
  });

  it('gives an already aborted signal when it is first read after the abort', () => {
    const context = new LazyDeliveryContext(() => {});
    const reason = new Error('closing');
    context.abort(reason);
    context.abort(new Error('later'));
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBe(reason);
  });

  it('calls back into the bus on working(), also when the handler destructures it', () => {
    let calls = 0;
    const context = new LazyDeliveryContext(() => {
      calls++;
    });
    context.working();
    const { working } = context;
    working();
    expect(calls).toBe(2);
  });
});
