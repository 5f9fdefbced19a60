import { InMemoryEventStore } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { defineTool } from '@agenticflow/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLlmAgent, type LlmAgentLimits } from '../../src/llm/index.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { addTool, readEvents } from './support.js';

const addForever = () => ({ toolCalls: [{ name: 'math__add', arguments: { a: 1, b: 1 } }] });

async function runWith(limits: LlmAgentLimits, usage = { inputTokens: 10, outputTokens: 5 }) {
  const model = new ScriptedModel({ answers: () => ({ ...addForever(), usage }) });
  const agent = createLlmAgent({
    name: 'calc',
    instructions: 'Add.',
    model,
    tools: [addTool()],
    limits,
  });
  const store = new InMemoryEventStore();
  const error = await agent.run('loop', { store, runId: 'budget' }).catch((e: unknown) => e);
  const last = (await readEvents(store, 'run-budget')).at(-1)!;
  return { error, last, model };
}

describe('LLM agent budgets', () => {
  it('fails with BUDGET_EXCEEDED when the model keeps calling tools past maxSteps', async () => {
    const { error, last, model } = await runWith({ maxSteps: 3 });
    expect(error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { budget: 'steps', limit: 3, used: 4 },
    });
    expect(model.requests).toHaveLength(3);
    expect(last).toMatchObject({
      type: 'llm.run_failed',
      data: { steps: 3, error: { code: 'BUDGET_EXCEEDED' } },
    });
  });

  it('fails when the tokens used go over maxTokens', async () => {
    const { error, last } = await runWith({ maxTokens: 40 });
    // 15 tokens a call: 45 after the third call.
    expect(error).toMatchObject({ details: { budget: 'tokens', limit: 40, used: 45 } });
    expect(last.data).toMatchObject({ steps: 3, usage: { totalTokens: 45 } });
  });

  it('fails when the priced cost goes over maxCost', async () => {
    const { error, last } = await runWith({
      maxCost: 0.05,
      pricing: { inputTokenPrice: 0.001, outputTokenPrice: 0.002 },
    });
    // 0.02 a call: 0.06 after the third.
    expect(error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { budget: 'cost', limit: 0.05 },
    });
    expect((error as { details: { used: number } }).details.used).toBeCloseTo(0.06);
    expect((last.data as { usage: { cost: number } }).usage.cost).toBeCloseTo(0.06);
  });

  it('aborts a slow tool and fails when the run outlasts maxDurationMs', async () => {
    let toolAborted = false;
    const slow = defineTool({
      name: 'slow',
      description: 'Waits until aborted',
      input: z.object({}),
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            toolAborted = true;
            reject(signal.reason);
          }),
        ),
    });
    const model = new ScriptedModel({
      answers: [{ toolCalls: [{ name: 'slow', arguments: {} }] }],
    });
    const agent = createLlmAgent({
      name: 'waiter',
      instructions: 'Wait.',
      model,
      tools: [slow],
      limits: { maxDurationMs: 50 },
    });
    const store = new InMemoryEventStore();
    const error = await agent.run('wait', { store, runId: 'time' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { budget: 'time', limit: 50 },
    });
    expect(toolAborted).toBe(true);
    const last = (await readEvents(store, 'run-time')).at(-1)!;
    expect(last).toMatchObject({
      type: 'llm.run_failed',
      data: { error: { details: { budget: 'time' } } },
    });
  });

  it('cancels the run through its AbortSignal and records it as cancelled', async () => {
    let started = false;
    const hang = defineTool({
      name: 'hang',
      description: 'Waits until aborted',
      input: z.object({}),
      execute: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          started = true;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    });
    const model = new ScriptedModel({
      answers: [{ toolCalls: [{ name: 'hang', arguments: {} }] }],
    });
    const agent = createLlmAgent({ name: 'waiter', instructions: 'Wait.', model, tools: [hang] });
    const store = new InMemoryEventStore();
    const controller = new AbortController();
    const running = agent.run('wait', { store, runId: 'abort', signal: controller.signal });
    await waitFor(() => started);
    controller.abort();
    const error = await running.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    const last = (await readEvents(store, 'run-abort')).at(-1)!;
    expect(last).toMatchObject({ type: 'llm.run_cancelled', data: { steps: 1 } });
  });

  it('refuses maxCost without pricing', () => {
    expect(() =>
      createLlmAgent({
        name: 'x',
        instructions: '',
        model: new ScriptedModel({ answers: [] }),
        limits: { maxCost: 1 },
      }),
    ).toThrow(/needs limits.pricing/);
  });
});
