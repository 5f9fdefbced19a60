import {
  collect,
  InMemoryEventStore,
  newId,
  systemClock,
  ValidationError,
} from '@agenticflow/core';
import { expectRejectedCode, overrideEventStore } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { workflow } from '../definition/workflow-builder.js';
import { runStreamId } from '../events/run-events.js';
import { loadRunState } from '../state/load-run-state.js';
import { emitCustom } from './intents.js';
import { type DriverHost, RunDriver } from './run-driver.js';

const waiting = workflow('driver-test')
  .waitFor('approve', { payload: { safeParse: () => ({ success: true }) } as never })
  .build();

async function driverOn(refusedType: string) {
  const inner = new InMemoryEventStore();
  const runId = newId();
  await inner.append(runStreamId(runId), [
    { type: 'run.started', data: { workflow: 'driver-test', workflowVersion: 1, input: null } },
    { type: 'step.suspended', data: { stepId: 'approve' } },
  ]);
  const store = overrideEventStore(inner, {
    append: (streamId, events, options) =>
      events.some((event) => event.type === refusedType)
        ? Promise.reject(
            new ValidationError('refused by the test store', [{ path: [], message: refusedType }]),
          )
        : inner.append(streamId, events, options),
  });
  const failures: unknown[] = [];
  const host: DriverHost = {
    store,
    clock: systemClock,
    newId,
    claim: () => undefined,
    releaseClaims: () => {},
    childRunId: () => newId(),
    committed: () => {},
    flushFailed: (_driver, error) => void failures.push(error),
    loaded: () => {},
  };
  const driver = new RunDriver(waiting, await loadRunState(inner, runId), host);
  return { driver, inner, runId, failures };
}

describe('RunDriver', () => {
  it('records the other changes of a batch the store refuses, one by one, and fails only the bad one', async () => {
    const { driver, inner, runId, failures } = await driverOn('test.refused');
    const bad = driver.enqueueAndWait(emitCustom('test.refused', { n: 1 }, 'approve'));
    const good = driver.enqueueAndWait(emitCustom('test.fine', { n: 2 }, 'approve'));
    await expectRejectedCode(bad, 'VALIDATION_FAILED');
    await expect(good).resolves.toBeUndefined();
    const types = (await collect(inner.readStream(runStreamId(runId)))).map((event) => event.type);
    expect(types).toEqual(['run.started', 'step.suspended', 'test.fine']);
    expect(failures).toHaveLength(1);
    expect(driver.state.version).toBe(3);
  });
});
