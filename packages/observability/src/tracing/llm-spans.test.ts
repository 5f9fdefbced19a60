import { createLlmAgent, ScriptedModel } from '@agenticflow/agents';
import { InMemoryEventStore } from '@agenticflow/core';
import { defineTool } from '@agenticflow/tools';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setupTracing, type TracingHandle } from './setup-tracing.js';

const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;
beforeAll(async () => {
  tracing = await setupTracing({ serviceName: 'test', exporter, processor: 'simple' });
});
afterAll(() => tracing.shutdown());

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing an LLM agent run', () => {
  it('nests chat spans with the GenAI attributes and execute_tool spans under invoke_agent, without content', async () => {
    const add = defineTool({
      name: 'math.add',
      description: 'Adds two numbers',
      input: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => ({ sum: a + b }),
    });
    const model = new ScriptedModel({
      name: 'planner',
      answers: [
        {
          toolCalls: [{ name: 'math.add', arguments: { a: 1, b: 2 } }],
          usage: { inputTokens: 11, outputTokens: 3 },
        },
        { text: 'the sum is 3, secret-answer', usage: { inputTokens: 20, outputTokens: 6 } },
      ],
    });
    const agent = createLlmAgent({
      name: 'calculator',
      instructions: 'Add numbers with the tool.',
      model,
      tools: [add],
    });
    const store = new InMemoryEventStore();
    const result = await agent.run('what is 1 + 2? secret-question', { store, runId: 'llm-t1' });
    expect(result.text).toContain('the sum is 3');

    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();
    const invoke = spans.filter((span) => span.name === 'invoke_agent calculator');
    expect(invoke).toHaveLength(1);
    const root = invoke[0]!;
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'calculator',
      'agenticflow.run.id': 'llm-t1',
    });

    const chats = spans.filter((span) => span.name === 'chat planner');
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      expect(chat.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(chat)).toBe(root.spanContext().spanId);
    }
    expect(chats.map((chat) => chat.attributes)).toEqual([
      expect.objectContaining({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'scripted',
        'gen_ai.request.model': 'planner',
        'gen_ai.response.finish_reasons': ['tool-calls'],
        'gen_ai.usage.input_tokens': 11,
        'gen_ai.usage.output_tokens': 3,
      }),
      expect.objectContaining({
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.output_tokens': 6,
      }),
    ]);

    const tool = spans.filter((span) => span.name === 'execute_tool math.add');
    expect(tool).toHaveLength(1);
    expect(parentOf(tool[0]!)).toBe(root.spanContext().spanId);

    const everything = JSON.stringify(spans.map((span) => [span.name, span.attributes]));
    expect(everything).not.toContain('secret-question');
    expect(everything).not.toContain('secret-answer');
  });

  it('makes no chat span when a finished run is replayed from the log', async () => {
    const model = new ScriptedModel({ name: 'echo', answers: [{ text: 'hello' }] });
    const agent = createLlmAgent({ name: 'echoer', instructions: 'Say hello.', model });
    const store = new InMemoryEventStore();
    await agent.run('hi', { store, runId: 'llm-t2' });
    exporter.reset();
    await agent.replay({ store, runId: 'llm-t2' });
    await tracing.forceFlush();
    expect(exporter.getFinishedSpans().filter((span) => span.name.startsWith('chat '))).toEqual([]);
  });
});
