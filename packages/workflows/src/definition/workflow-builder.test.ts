import { ConfigurationError } from '@agenticflow/core';
import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setup } from '../../test/support/harness.js';
import { workflow } from './workflow-builder.js';

const noop = () => null;

describe('workflow names and versions', () => {
  it.each(['Report', 'has space', '9lives', '', 'a'.repeat(101)])(
    'rejects the workflow name %j, quoting it',
    (name) => {
      const error = expectThrownCode(() => workflow(name), 'INVALID_CONFIGURATION');
      expect(error.message).toContain(`workflow name ${JSON.stringify(name)} must be lower case`);
    },
  );

  it.each([0, -1, 1.5, Number.NaN])('rejects version %s, quoting it', (version) => {
    const error = expectThrownCode(() => workflow('ok', { version }), 'INVALID_CONFIGURATION');
    expect(error.message).toContain(
      `workflow ok: version must be an integer >= 1, got ${String(version)}`,
    );
  });

  it('defaults the version to 1 and keeps a given one', () => {
    expect(workflow('plain').step('a', { run: noop }).build().version).toBe(1);
    expect(workflow('later', { version: 7 }).step('a', { run: noop }).build().version).toBe(7);
  });
});

describe('step options', () => {
  it('requires exactly one of durationMs and until on a sleep step', () => {
    const both = expectThrownCode(
      () => workflow('naps').sleep('nap', { durationMs: 10, until: () => 0 }),
      'INVALID_CONFIGURATION',
    );
    expect(both.message).toBe(
      'sleep step nap of workflow naps needs exactly one of durationMs and until',
    );
    expect(ConfigurationError.is(both)).toBe(true);
    expectThrownCode(() => workflow('naps').sleep('nap', {}), 'INVALID_CONFIGURATION');
  });

  it('rejects a step timeout that is not a positive number', () => {
    const error = expectThrownCode(
      () => workflow('slow').step('a', { timeoutMs: 0, run: noop }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('step timeoutMs must be a positive number, got 0');
    expectThrownCode(
      () => workflow('slow', { stepTimeoutMs: -5 }).step('a', { run: noop }),
      'INVALID_CONFIGURATION',
    );
  });

  it('rejects a retry policy with fewer than one attempt', () => {
    const error = expectThrownCode(
      () => workflow('flaky').step('a', { retry: { maxAttempts: 0 }, run: noop }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('retry.maxAttempts must be an integer >= 1, got 0');
  });

  it('layers a step retry policy over the workflow one', () => {
    const backoff = () => 5;
    const definition = workflow('layers', { retry: { maxAttempts: 9, backoff } })
      .step('inherits', { run: noop })
      .step('overrides', { retry: { maxAttempts: 2 }, run: noop })
      .build();
    const [inherits, overrides] = definition.steps as unknown as Array<{
      retry: { maxAttempts: number; backoff: unknown };
    }>;
    expect(inherits!.retry.maxAttempts).toBe(9);
    expect(overrides!.retry.maxAttempts).toBe(2);
    expect(overrides!.retry.backoff).toBe(backoff);
  });
});

describe('builders and templates', () => {
  it('returns a new builder from each call, so a shared prefix is not changed by its extensions', () => {
    const base = workflow('shared').step('a', { run: () => 1 });
    const one = base.step('b', { dependsOn: ['a'], run: noop }).build();
    const two = base.step('c', { dependsOn: ['a'], run: noop }).build();
    expect(one.steps.map((step) => step.id)).toEqual(['a', 'b']);
    expect(two.steps.map((step) => step.id)).toEqual(['a', 'c']);
    expect(base.build().steps.map((step) => step.id)).toEqual(['a']);
  });

  it('runs a template (a function returning a workflow) used twice with different parameters', async () => {
    const scaled = (name: string, factor: number) =>
      workflow(name, { input: z.object({ values: z.array(z.number()) }) })
        .map('scale', { over: ({ input }) => input.values, run: (ctx) => ctx.item * factor })
        .step('sum', {
          dependsOn: ['scale'],
          run: (ctx) => ctx.deps.scale.reduce((total, value) => total + value, 0),
        })
        .build({ output: (outputs) => ({ name, total: outputs.sum }) });
    const double = scaled('double', 2);
    const triple = scaled('triple', 3);
    const engine = await setup().engine([double, triple]);
    const [a, b] = await Promise.all([
      engine.start(double, { values: [1, 2, 3] }),
      engine.start(triple, { values: [1, 2, 3] }),
    ]);
    expect(await a.result()).toEqual({ name: 'double', total: 12 });
    expect(await b.result()).toEqual({ name: 'triple', total: 18 });
  });
});
