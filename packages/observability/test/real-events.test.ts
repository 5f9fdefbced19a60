import { createLlmAgent, ScriptedModel } from '@agenticflow/agents';
import { InMemoryEventStore } from '@agenticflow/core';
import { createToolExecutor, defineTool, ToolRegistry } from '@agenticflow/tools';
import { createWorkflowEngine, workflow } from '@agenticflow/workflows';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEventMetrics, type EventMetrics } from '../src/index.js';
import { histogramSeries, metricValue } from './metric-values.js';

// The metrics read events written by other packages: these tests produce them with the real
// workflow engine and tool executor, so a change of their event types or data fails here.
describe('metrics from the events the workflow engine and the tool executor record', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0)) await item.close();
  });

  async function follow(store: InMemoryEventStore): Promise<EventMetrics> {
    const metrics = createEventMetrics({ store });
    opened.push(metrics);
    await metrics.caughtUp;
    return metrics;
  }

  it('counts a completed and a failed run of a real workflow and times their steps', async () => {
    const store = new InMemoryEventStore();
    const report = workflow('report')
      .step('fetch', { run: async () => ({ rows: 3 }) })
      .step('write', {
        dependsOn: ['fetch'],
        retry: { maxAttempts: 1 },
        run: async ({ runInput }) => {
          if ((runInput as { fail?: boolean } | undefined)?.fail) throw new Error('disk full');
          return null;
        },
      })
      .build();
    const engine = await createWorkflowEngine({ store, workflows: [report] });
    opened.push(engine);
    await (await engine.start(report, {})).result();
    await (await engine.start(report, { fail: true })).result().catch(() => {});

    const { registry } = await follow(store);
    expect(
      await metricValue(registry, 'agenticflow_runs_started_total', { workflow: 'report' }),
    ).toBe(2);
    expect(
      await metricValue(registry, 'agenticflow_runs_finished_total', {
        workflow: 'report',
        status: 'completed',
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'agenticflow_runs_finished_total', {
        workflow: 'report',
        status: 'failed',
      }),
    ).toBe(1);
    const completed = await histogramSeries(registry, 'agenticflow_step_duration_seconds', {
      workflow: 'report',
      outcome: 'completed',
    });
    expect(completed.count).toBe(3);
    const failed = await histogramSeries(registry, 'agenticflow_step_duration_seconds', {
      workflow: 'report',
      outcome: 'failed',
    });
    expect(failed.count).toBe(1);
  });

  it('counts tool calls the executor records, by tool, outcome and phase', async () => {
    const store = new InMemoryEventStore();
    const registry = new ToolRegistry();
    registry.register(
      defineTool({
        name: 'math.double',
        description: 'Doubles a number',
        input: z.object({ n: z.number() }),
        output: z.object({ n: z.number() }),
        execute: async ({ n }) => ({ n: n * 2 }),
      }),
    );
    const executor = createToolExecutor({ registry });
    const context = { caller: { id: 'agent-1', grants: [] }, store, streamId: 'run-tools' };
    await executor.execute('math.double', '{"n":2}', { ...context, idempotencyKey: 'k-1' });
    await executor
      .execute('math.double', '{"n":"two"}', { ...context, idempotencyKey: 'k-2' })
      .catch(() => {});

    const metrics = await follow(store);
    expect(
      await metricValue(metrics.registry, 'agenticflow_tool_calls_total', {
        tool: 'math.double',
        outcome: 'succeeded',
        phase: 'none',
      }),
    ).toBe(1);
    expect(
      await metricValue(metrics.registry, 'agenticflow_tool_calls_total', {
        tool: 'math.double',
        outcome: 'failed',
        phase: 'validation',
      }),
    ).toBe(1);
  });

  it('counts the tokens of a real LLM agent run by model and direction', async () => {
    const store = new InMemoryEventStore();
    const model = new ScriptedModel({
      name: 'writer',
      answers: [
        {
          toolCalls: [{ name: 'text.upper', arguments: { text: 'hi' } }],
          usage: { inputTokens: 12, outputTokens: 4 },
        },
        { text: 'HI', usage: { inputTokens: 30, outputTokens: 2 } },
      ],
    });
    const upper = defineTool({
      name: 'text.upper',
      description: 'Upper-cases a text',
      input: z.object({ text: z.string() }),
      execute: ({ text }) => text.toUpperCase(),
    });
    const agent = createLlmAgent({
      name: 'shouter',
      instructions: 'Shout.',
      model,
      tools: [upper],
    });
    const { runId } = await agent.run('say hi loudly', { store });
    // A replay appends nothing: it must not count the tokens twice.
    await agent.replay({ store, runId });
    const { registry } = await follow(store);
    expect(
      await metricValue(registry, 'agenticflow_model_tokens_total', {
        model: 'scripted:writer',
        direction: 'input',
      }),
    ).toBe(42);
    expect(
      await metricValue(registry, 'agenticflow_model_tokens_total', {
        model: 'scripted:writer',
        direction: 'output',
      }),
    ).toBe(6);
  });
});
