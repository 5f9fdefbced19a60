import { isAgenticFlowError } from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { inbox, settle, useBus } from './bus-test-kit.js';

export function messageValidationSuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it('refuses a message over the size limit with PAYLOAD_TOO_LARGE before publishing anything', async () => {
    const topic = `${uniqueToken()}.big`;
    const box = inbox();
    await bus().subscribe(topic, box.handler);
    const limit = bus().capabilities.maxMessageBytes;
    const error = await expectRejectedCode(
      bus().publish(topic, { payload: 'x'.repeat(limit + 1) }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ kind: 'message', limit });
    await bus().publish(topic, { payload: 'small' });
    await waitFor(() => box.messages.length === 1);
    await settle();
    expect(box.payloads()).toEqual(['small']);
  });

  it('refuses payloads and headers that are not JSON with VALIDATION_FAILED listing the issues', async () => {
    const topic = `${uniqueToken()}.bad`;
    const cases = [
      { payload: { f: () => 1 } },
      { payload: 1n },
      { payload: Number.NaN },
      { payload: 1, headers: { n: 5 } },
      { payload: undefined },
    ];
    for (const message of cases) {
      const error = await expectRejectedCode(
        bus().publish(topic, message as never),
        'VALIDATION_FAILED',
      );
      expect(isAgenticFlowError(error) && Array.isArray(error.details.issues)).toBe(true);
    }
  });

  it('refuses invalid subscribe options with VALIDATION_FAILED', async () => {
    const topic = `${uniqueToken()}.opts`;
    await expectRejectedCode(
      bus().subscribe(topic, () => {}, { maxDeliveries: 0 }),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      bus().subscribe(topic, () => {}, { group: 'has spaces' }),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      bus().subscribe(topic, () => {}, { ackTimeoutMs: -5 }),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(bus().subscribe(topic, 'nope' as never), 'VALIDATION_FAILED');
  });
}
