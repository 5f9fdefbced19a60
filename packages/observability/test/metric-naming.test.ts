import { InMemoryEventBus, InMemoryEventStore, type NewEvent } from '@agenticflow/core';
import { uniqueStreamId, waitFor } from '@agenticflow/core/testing';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createEventMetrics, instrumentEventBus, instrumentEventStore } from '../src/index.js';
import { metricConventionProblems } from './metric-conventions.js';

const ev = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data }) as NewEvent;

describe('metric naming', () => {
  it('every metric of the package follows the Prometheus conventions', async () => {
    const registry = new Registry();
    const store = instrumentEventStore(new InMemoryEventStore(), { registry });
    const metrics = createEventMetrics({ store, registry });
    const bus = instrumentEventBus(new InMemoryEventBus(), { registry });
    try {
      const run = uniqueStreamId('run');
      await store.append(run, [
        ev('run.started', { workflow: 'report', workflowVersion: 1, input: null }),
        ev('step.started', { stepId: 's', attempt: 1, workerId: 'w', leaseExpiresAt: 0 }),
        ev('step.completed', { stepId: 's', attempt: 1, output: null, durationMs: 1 }),
        ev('tool.succeeded', {
          callId: 'c',
          tool: 'fs.read',
          durationMs: 1,
          content: '',
          truncated: false,
          bytes: 0,
        }),
        ev('tool.approval_requested', {
          callId: 'c',
          tool: 'exec',
          argsHash: 'h',
          input: {},
          caller: 'a',
        }),
        ev('run.completed', { output: null }),
      ]);
      let handled = 0;
      await bus.subscribe('task.*', () => {
        handled++;
      });
      await bus.publish('task.one', { payload: 1 });
      await waitFor(() => handled === 1);
      await waitFor(() => metrics.position === 6n);

      const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name);
      expect(names.length).toBeGreaterThanOrEqual(13);
      expect(await metricConventionProblems(registry)).toEqual([]);
    } finally {
      await metrics.close();
      await bus.close();
    }
  });

  it('catches metrics that break the conventions', async () => {
    const registry = new Registry();
    const registers = [registry];
    new Counter({ name: 'requests', help: 'Requests.', registers });
    new Gauge({ name: 'queue_total', help: 'Queue.', registers });
    new Histogram({ name: 'step_duration_ms', help: 'Steps.', registers });
    new Counter({ name: 'runs_total', help: ' ', labelNames: ['run_id'], registers });
    new Counter({ name: 'fooBar_total', help: 'Camel.', labelNames: ['id', 'Stream'], registers });
    const counted = new Counter({
      name: 'calls_total',
      help: 'Calls.',
      labelNames: ['tool'],
      registers,
    });
    counted.inc({ tool: 'run-0192f0c4-7a6e-7c3e-8d2a-0f6c1b2a3d4e' });

    const problems = await metricConventionProblems(registry);
    expect(problems).toEqual(
      expect.arrayContaining([
        'requests: a counter must end in _total',
        'queue_total: only counters may end in _total (it is a gauge)',
        'step_duration_ms: a duration must be in seconds and end in _seconds',
        'runs_total: no help text',
        'runs_total: label run_id is named like an id, whose values are unbounded',
        'fooBar_total: name is not snake_case [a-z_:][a-z0-9_:]*',
        'fooBar_total: label id is named like an id, whose values are unbounded',
        'fooBar_total: label Stream is not snake_case',
        'calls_total: label tool holds an id-like value run-0192f0c4-7a6e-7c3e-8d2a-0f6c1b2a3d4e',
      ]),
    );
  });
});
