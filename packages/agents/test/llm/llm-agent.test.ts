import { InMemoryEventStore } from '@agenticflow/core';
import { describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../src/llm/index.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { addTool, eventTypes, readEvents } from './support.js';

describe('LLM agent tool loop', () => {
  it('calls tools over several steps and answers with the results', async () => {
    const calls: Array<{ a: number; b: number }> = [];
    const model = new ScriptedModel({
      answers: [
        { toolCalls: [{ name: 'math__add', arguments: { a: 1, b: 2 } }] },
        { toolCalls: [{ name: 'math__add', arguments: { a: 3, b: 4 } }] },
        { text: 'The sums are 3 and 7.' },
      ],
    });
    const agent = createLlmAgent({
      name: 'calc',
      instructions: 'Add.',
      model,
      tools: [addTool(calls)],
    });
    const store = new InMemoryEventStore();
    const result = await agent.run('add things', { store, runId: 'multi' });

    expect(result).toMatchObject({ status: 'completed', text: 'The sums are 3 and 7.', steps: 3 });
    expect(calls).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
    expect(model.requests).toHaveLength(3);
    const second = model.requests[1]!;
    expect(second.messages[0]).toEqual({ role: 'system', content: 'Add.' });
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', content: '{"sum":3}' });
    expect(second.tools?.map((tool) => tool.name)).toEqual(['math__add']);
    expect(second.tools?.[0]?.inputSchema).toMatchObject({ type: 'object' });
    expect(await eventTypes(store, 'run-multi')).toEqual([
      'llm.run_started',
      'model.requested',
      'model.responded',
      'tool.called',
      'tool.succeeded',
      'llm.tool_result',
      'model.requested',
      'model.responded',
      'tool.called',
      'tool.succeeded',
      'llm.tool_result',
      'model.requested',
      'model.responded',
      'llm.run_completed',
    ]);
    const completed = (await readEvents(store, 'run-multi')).at(-1)!;
    expect(completed.data).toMatchObject({
      steps: 3,
      usage: { totalTokens: result.usage.totalTokens },
    });
  });

  it('tells the model about invalid arguments and accepts one repaired call', async () => {
    const calls: Array<{ a: number; b: number }> = [];
    const model = new ScriptedModel({
      answers: [
        { toolCalls: [{ name: 'math__add', arguments: { a: 'one', b: 2 } }] },
        { toolCalls: [{ name: 'math__add', arguments: { a: 1, b: 2 } }] },
        { text: '3' },
      ],
    });
    const agent = createLlmAgent({
      name: 'calc',
      instructions: 'Add.',
      model,
      tools: [addTool(calls)],
    });
    const store = new InMemoryEventStore();
    const result = await agent.run('1+2', { store, runId: 'repair' });

    expect(result.text).toBe('3');
    expect(calls).toEqual([{ a: 1, b: 2 }]);
    const feedback = model.requests[1]!.messages.at(-1)!;
    expect(feedback).toMatchObject({ role: 'tool', isError: true });
    expect(feedback.content).toContain('invalid arguments for tool math__add');
    expect(feedback.content).toContain('a:');
    const results = (await readEvents(store, 'run-repair')).filter(
      (e) => e.type === 'llm.tool_result',
    );
    expect(results.map((e) => (e.data as { outcome: string }).outcome)).toEqual([
      'invalid_arguments',
      'ok',
    ]);
  });

  it('fails the run when the repaired call is invalid again', async () => {
    const model = new ScriptedModel({
      answers: [
        { toolCalls: [{ name: 'math__add', arguments: { a: 'one', b: 2 } }] },
        { toolCalls: [{ name: 'math__add', arguments: { a: 1 } }] },
        { text: 'never asked' },
      ],
    });
    const calls: Array<{ a: number; b: number }> = [];
    const agent = createLlmAgent({
      name: 'calc',
      instructions: 'Add.',
      model,
      tools: [addTool(calls)],
    });
    const store = new InMemoryEventStore();
    const error = await agent.run('1+2', { store, runId: 'twice' }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'TOOL_ARGUMENTS_INVALID', details: { tool: 'math.add' } });
    expect((error as Error).message).toContain('twice in a row');
    expect(calls).toEqual([]);
    expect(model.requests).toHaveLength(2);
    const last = (await readEvents(store, 'run-twice')).at(-1)!;
    expect(last).toMatchObject({
      type: 'llm.run_failed',
      data: { error: { code: 'TOOL_ARGUMENTS_INVALID' } },
    });
  });

  it('rejects an unknown tool without running anything and names the available ones', async () => {
    const model = new ScriptedModel({
      answers: [
        { toolCalls: [{ name: 'math__multiply', arguments: { a: 2, b: 3 } }] },
        { text: 'ok' },
      ],
    });
    const agent = createLlmAgent({ name: 'calc', instructions: 'Add.', model, tools: [addTool()] });
    const store = new InMemoryEventStore();
    await agent.run('2*3', { store, runId: 'unknown' });

    const feedback = model.requests[1]!.messages.at(-1)!;
    expect(feedback).toMatchObject({ role: 'tool', isError: true });
    expect(feedback.content).toContain('no tool named "math__multiply"');
    expect(feedback.content).toContain('Available tools: math__add');
    const types = await eventTypes(store, 'run-unknown');
    expect(types).not.toContain('tool.called');
    const result = (await readEvents(store, 'run-unknown')).find(
      (e) => e.type === 'llm.tool_result',
    );
    expect(result?.data).toMatchObject({ outcome: 'unknown_tool', tool: 'math__multiply' });
  });

  it('streams text deltas to onText and as parts of stream()', async () => {
    const answers = () => ({ text: 'Hello there, general.' });
    const deltas: string[] = [];
    const agent = createLlmAgent({
      name: 'talker',
      instructions: 'Greet.',
      model: new ScriptedModel({ answers }),
    });
    const result = await agent.run('hi', {
      store: new InMemoryEventStore(),
      onText: (text) => deltas.push(text),
    });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result.text);

    const streamed = agent.stream('hi', { store: new InMemoryEventStore() });
    const parts = [];
    for await (const part of streamed) parts.push(part);
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));
    expect(text.join('')).toBe('Hello there, general.');
    const events = parts.flatMap((part) => (part.type === 'event' ? [part.event.type] : []));
    expect(events).toEqual([
      'llm.run_started',
      'model.requested',
      'model.responded',
      'llm.run_completed',
    ]);
    expect((await streamed.result).status).toBe('completed');
  });

  it('surfaces every appended event to onEvent in stream order', async () => {
    const seen: number[] = [];
    const model = new ScriptedModel({
      answers: [{ toolCalls: [{ name: 'math__add', arguments: { a: 1, b: 1 } }] }, { text: '2' }],
    });
    const agent = createLlmAgent({ name: 'calc', instructions: 'Add.', model, tools: [addTool()] });
    const store = new InMemoryEventStore();
    await agent.run('1+1', {
      store,
      runId: 'events',
      onEvent: (event) => void seen.push(event.version),
    });
    const stored = await readEvents(store, 'run-events');
    expect(seen).toEqual(stored.map((event) => event.version));
  });
});
