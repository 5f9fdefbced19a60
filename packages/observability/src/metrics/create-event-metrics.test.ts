import { ConfigurationError, InMemoryEventStore, type NewEvent } from '@agenticflow/core';
import { ManualClock, uniqueStreamId } from '@agenticflow/core/testing';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { histogramSeries, metricValue } from '../../test/metric-values.js';
import { createEventMetrics, type EventMetrics } from './create-event-metrics.js';

const open: EventMetrics[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((metrics) => metrics.close()));
});

function setup(options: { from?: 'start' | 'end'; maxLabelValues?: number } = {}) {
  const clock = new ManualClock();
  const store = new InMemoryEventStore({ clock });
  const start = () => {
    const metrics = createEventMetrics({ store, ...options });
    open.push(metrics);
    return metrics;
  };
  return { clock, store, start };
}

const ev = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data }) as NewEvent;

describe('createEventMetrics', () => {
  it('counts runs by workflow and final status, and times steps from their events', async () => {
    const { clock, store, start } = setup();
    const run = uniqueStreamId('run');
    await store.append(run, [
      ev('run.started', { workflow: 'report', workflowVersion: 1, input: null }),
    ]);
    await store.append(run, [
      ev('step.started', { stepId: 'fetch', attempt: 1, workerId: 'w', leaseExpiresAt: 0 }),
    ]);
    clock.advance(1500);
    await store.append(run, [
      ev('step.completed', { stepId: 'fetch', attempt: 1, output: null, durationMs: 9 }),
    ]);
    await store.append(run, [
      ev('step.started', { stepId: 'write', attempt: 1, workerId: 'w', leaseExpiresAt: 0 }),
    ]);
    clock.advance(250);
    await store.append(run, [
      ev('step.failed', { stepId: 'write', attempt: 1, error: { message: 'x' } }),
    ]);
    await store.append(run, [ev('run.failed', { error: { message: 'x' } })]);
    const other = uniqueStreamId('run');
    await store.append(other, [
      ev('run.started', { workflow: 'report', workflowVersion: 1, input: null }),
      ev('run.completed', { output: null }),
    ]);

    const metrics = start();
    await metrics.caughtUp;
    const { registry } = metrics;
    expect(
      await metricValue(registry, 'agenticflow_runs_started_total', { workflow: 'report' }),
    ).toBe(2);
    expect(
      await metricValue(registry, 'agenticflow_runs_finished_total', {
        workflow: 'report',
        status: 'failed',
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'agenticflow_runs_finished_total', {
        workflow: 'report',
        status: 'completed',
      }),
    ).toBe(1);
    // Measured from the event times (1.5 s), not from the executor's durationMs (9 ms).
    expect(
      await histogramSeries(registry, 'agenticflow_step_duration_seconds', {
        workflow: 'report',
        outcome: 'completed',
      }),
    ).toEqual({ count: 1, sum: 1.5 });
    expect(
      await histogramSeries(registry, 'agenticflow_step_duration_seconds', {
        workflow: 'report',
        outcome: 'failed',
      }),
    ).toEqual({ count: 1, sum: 0.25 });
    expect(
      await metricValue(registry, 'agenticflow_store_events_appended_total', { family: 'run' }),
    ).toBe(4);
    expect(
      await metricValue(registry, 'agenticflow_store_events_appended_total', { family: 'step' }),
    ).toBe(4);
    expect(await metricValue(registry, 'agenticflow_event_metrics_position')).toBe(8);
  });

  it('counts tool calls by tool, outcome and phase, and follows pending approvals', async () => {
    const { store, start } = setup();
    const metrics = start();
    const run = uniqueStreamId('run');
    await store.append(run, [
      ev('tool.called', {
        callId: 'c1',
        tool: 'fs.read',
        caller: 'a',
        input: {},
        argsHash: 'h1',
        idempotencyKey: 'k',
      }),
      ev('tool.succeeded', {
        callId: 'c1',
        tool: 'fs.read',
        durationMs: 20,
        content: '',
        truncated: false,
        bytes: 0,
      }),
      ev('tool.failed', {
        callId: 'c2',
        tool: 'exec',
        durationMs: 5,
        phase: 'approval',
        error: { message: 'wait' },
      }),
      ev('tool.approval_requested', {
        callId: 'c2',
        tool: 'exec',
        argsHash: 'h2',
        input: {},
        caller: 'a',
      }),
      ev('tool.approval_requested', {
        callId: 'c3',
        tool: 'exec',
        argsHash: 'h2',
        input: {},
        caller: 'a',
      }),
      ev('tool.approval_requested', {
        callId: 'c4',
        tool: 'exec',
        argsHash: 'h3',
        input: {},
        caller: 'a',
      }),
    ]);
    const { registry } = metrics;
    const pending = () =>
      metricValue(registry, 'agenticflow_tool_approvals_pending', { tool: 'exec' });
    await expect.poll(pending).toBe(2);
    expect(
      await metricValue(registry, 'agenticflow_tool_calls_total', {
        tool: 'fs.read',
        outcome: 'succeeded',
        phase: 'none',
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'agenticflow_tool_calls_total', {
        tool: 'exec',
        outcome: 'failed',
        phase: 'approval',
      }),
    ).toBe(1);
    expect(
      await histogramSeries(registry, 'agenticflow_tool_call_duration_seconds', {
        tool: 'fs.read',
        outcome: 'succeeded',
      }),
    ).toEqual({ count: 1, sum: 0.02 });

    await store.append(run, [ev('tool.approved', { tool: 'exec', argsHash: 'h2', by: 'u' })]);
    await expect.poll(pending).toBe(1);
    await store.append(run, [ev('tool.rejected', { tool: 'exec', argsHash: 'h3', by: 'u' })]);
    await expect.poll(pending).toBe(0);
  });

  it('reads the workflow of a run that started before the metrics did', async () => {
    const { store, start } = setup({ from: 'end' });
    const run = uniqueStreamId('run');
    await store.append(run, [
      ev('run.started', { workflow: 'triage', workflowVersion: 1, input: null }),
    ]);
    const metrics = start();
    await metrics.caughtUp;
    await store.append(run, [ev('run.cancelled', { reason: 'user' })]);
    await expect
      .poll(() =>
        metricValue(metrics.registry, 'agenticflow_runs_finished_total', {
          workflow: 'triage',
          status: 'cancelled',
        }),
      )
      .toBe(1);
    expect(
      await metricValue(metrics.registry, 'agenticflow_runs_started_total', { workflow: 'triage' }),
    ).toBe(0);
  });

  it('reports label values past the cap as "other" and counts them', async () => {
    const { store, start } = setup({ maxLabelValues: 2 });
    for (const workflow of ['a', 'b', 'c', 'd']) {
      await store.append(uniqueStreamId('run'), [
        ev('run.started', { workflow, workflowVersion: 1, input: null }),
      ]);
    }
    const metrics = start();
    await metrics.caughtUp;
    const { registry } = metrics;
    expect(await metricValue(registry, 'agenticflow_runs_started_total', { workflow: 'a' })).toBe(
      1,
    );
    expect(await metricValue(registry, 'agenticflow_runs_started_total', { workflow: 'b' })).toBe(
      1,
    );
    expect(await metricValue(registry, 'agenticflow_runs_started_total', { workflow: 'c' })).toBe(
      0,
    );
    expect(
      await metricValue(registry, 'agenticflow_runs_started_total', { workflow: 'other' }),
    ).toBe(2);
    expect(
      await metricValue(registry, 'agenticflow_metric_label_values_capped_total', {
        label: 'workflow',
      }),
    ).toBe(2);
  });

  it('never puts a stream, run or event id into a label value', async () => {
    const { store, start } = setup();
    const run = uniqueStreamId('run');
    const { events } = await store.append(run, [
      ev('run.started', { workflow: 'report', workflowVersion: 1, input: null }),
      ev('step.started', { stepId: 's', attempt: 1, workerId: 'w', leaseExpiresAt: 0 }),
      ev('step.completed', { stepId: 's', attempt: 1, output: null, durationMs: 1 }),
      ev('run.completed', { output: null }),
    ]);
    const metrics = start();
    await metrics.caughtUp;
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'agenticflow_runs_finished_total{workflow="report",status="completed"} 1',
    );
    expect(text).not.toContain(run.slice(4));
    for (const event of events) expect(text).not.toContain(event.id);
  });

  it('stops counting after close', async () => {
    const { store, start } = setup();
    const metrics = start();
    await metrics.caughtUp;
    await metrics.close();
    await store.append(uniqueStreamId('run'), [
      ev('run.started', { workflow: 'late', workflowVersion: 1, input: null }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      await metricValue(metrics.registry, 'agenticflow_runs_started_total', { workflow: 'late' }),
    ).toBe(0);
    expect(await metrics.ended).toEqual({ reason: 'closed' });
  });

  it('refuses bad options with a configuration error naming the value', () => {
    const store = new InMemoryEventStore();
    expect(() => createEventMetrics({ store, prefix: 'Agentic-Flow' })).toThrow(
      /'Agentic-Flow'|"Agentic-Flow"/,
    );
    expect(() => createEventMetrics({ store, prefix: 'Agentic-Flow' })).toThrow(ConfigurationError);
    expect(() => createEventMetrics({ store, maxLabelValues: 0 })).toThrow(
      /maxLabelValues must be a positive integer, got 0/,
    );
    expect(() => createEventMetrics({ store: {} as never })).toThrow(/store must be an EventStore/);
    expect(() => createEventMetrics({ store, from: 0n })).toThrow(/from must be/);
  });

  it('refuses a second set of metrics on the same registry and prefix', async () => {
    const store = new InMemoryEventStore();
    const registry = new Registry();
    open.push(createEventMetrics({ store, registry }));
    expect(() => createEventMetrics({ store, registry })).toThrow(
      /already been registered.*different prefix/,
    );
    const second = createEventMetrics({ store, registry, prefix: 'second_' });
    open.push(second);
    expect(registry.getSingleMetric('second_runs_started_total')).toBeDefined();
  });
});
