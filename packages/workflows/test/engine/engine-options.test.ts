import { InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { createWorkflowEngine, workflow } from '../../src/index.js';
import { setup } from '../support/harness.js';

const one = workflow('one')
  .step('a', { run: () => 1 })
  .build();

describe('engine options', () => {
  it.each([0, -1, 1.5, Number.NaN])('rejects concurrency %s, quoting it', async (concurrency) => {
    const error = await expectRejectedCode(
      createWorkflowEngine({ store: new InMemoryEventStore(), workflows: [one], concurrency }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain(`concurrency must be an integer >= 1`);
    expect(error.message).toContain(`got ${String(concurrency)}`);
  });

  it.each([0, -5, Number.POSITIVE_INFINITY])('rejects leaseMs %s, quoting it', async (leaseMs) => {
    const error = await expectRejectedCode(
      createWorkflowEngine({ store: new InMemoryEventStore(), workflows: [one], leaseMs }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toBe(`leaseMs must be a positive number, got ${String(leaseMs)}`);
  });

  it('refuses two different definitions under one name and version', async () => {
    const twin = workflow('one')
      .step('b', { run: () => 2 })
      .build();
    const error = await expectRejectedCode(
      createWorkflowEngine({ store: new InMemoryEventStore(), workflows: [one, twin] }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('two different definitions of workflow one@1');
  });

  it('names the known workflows when a run needs one this engine lacks', async () => {
    const world = setup();
    const first = await world.engine([one]);
    const run = await first.start(one, undefined);
    await run.result();
    const other = workflow('other')
      .step('x', { run: () => 0 })
      .build();
    const second = await world.engine([other]);
    const error = await expectRejectedCode(second.result(run.runId), 'WORKFLOW_NOT_REGISTERED');
    expect(error.message).toBe(
      'workflow one version 1 is not registered here (known: other@1): pass it in `workflows`',
    );
  });

  it('refuses new work once closed, with CLOSED', async () => {
    const engine = await setup().engine([one]);
    await engine.close();
    await expectRejectedCode(engine.start(one, undefined), 'CLOSED');
    await expectRejectedCode(engine.recover(), 'CLOSED');
  });
});
