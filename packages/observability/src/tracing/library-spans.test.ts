import { createAgentMessenger, createAgentRuntime, defineAgent } from '@agenticflow/agents';
import { collect, InMemoryEventBus, InMemoryEventStore, otelApi } from '@agenticflow/core';
import { defineTool, ToolExecutor, ToolRegistry } from '@agenticflow/tools';
import { createWorkflowEngine, workflow } from '@agenticflow/workflows';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setupTracing, type TracingHandle } from './setup-tracing.js';

// One SDK for the file: the OpenTelemetry globals are set once per process. Spans are exported
// once the SDK's resource detection settles, hence the forceFlush before reading them.
const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;
beforeAll(async () => {
  tracing = await setupTracing({ serviceName: 'test', exporter, processor: 'simple' });
});
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

const named = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);
const one = (name: string): ReadableSpan => {
  const found = named(name);
  expect(found.map((span) => span.name)).toEqual([name]);
  return found[0]!;
};
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing once setupTracing ran', () => {
  it('gives the libraries the OpenTelemetry API', () => {
    expect(otelApi()).toBeDefined();
  });

  it('traces a run: a workflow.run span, a workflow.step span per attempt under it, and traceparent in run.started', async () => {
    const store = new InMemoryEventStore();
    let attempts = 0;
    const flow = workflow('traced')
      .step('first', { run: () => 1 })
      .step('second', {
        dependsOn: ['first'],
        retry: { maxAttempts: 2, backoff: () => 1 },
        run: () => {
          attempts++;
          if (attempts === 1) throw new Error('flaky');
          return trace.getActiveSpan()?.spanContext().spanId ?? null;
        },
      })
      .build();
    const engine = await createWorkflowEngine({ store, workflows: [flow] });
    const run = await engine.start(flow, {});
    const { second: activeInStep } = (await run.result()) as { second: string };
    await engine.close();

    await tracing.forceFlush();
    const runSpan = one('workflow.run traced');
    expect(parentOf(runSpan)).toBeUndefined();
    expect(runSpan.attributes).toMatchObject({
      'agenticflow.workflow.name': 'traced',
      'agenticflow.workflow.version': 1,
      'agenticflow.run.id': run.runId,
      'agenticflow.run.status': 'completed',
    });
    const steps = [...named('workflow.step first'), ...named('workflow.step second')];
    expect(steps.map((span) => span.attributes['agenticflow.step.attempt'])).toEqual([1, 1, 2]);
    for (const span of steps) {
      expect(span.spanContext().traceId).toBe(runSpan.spanContext().traceId);
      expect(parentOf(span)).toBe(runSpan.spanContext().spanId);
      expect(span.attributes['agenticflow.run.id']).toBe(run.runId);
    }
    expect(steps[1]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'flaky' });
    expect(steps[2]!.status.code).toBe(SpanStatusCode.UNSET);
    // The step function runs with its span active.
    expect(activeInStep).toBe(steps[2]!.spanContext().spanId);

    const appends = named('append run');
    expect(appends.length).toBeGreaterThan(2);
    for (const span of appends) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(span)).toBe(runSpan.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'db.system.name': 'agenticflow.memory',
        'db.operation.name': 'append',
        'db.collection.name': 'run',
        'agenticflow.stream.id': `run-${run.runId}`,
      });
    }

    const [started] = await collect(store.readStream(`run-${run.runId}`, { limit: 1 }));
    const { traceId, spanId } = runSpan.spanContext();
    expect(started!.metadata.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it('traces an append only inside a trace', async () => {
    const store = new InMemoryEventStore();
    await store.append('audit-t1', [{ type: 'audit.noted', data: 1 }]);
    const outer = trace.getTracer('test').startSpan('outer');
    await context.with(trace.setSpan(context.active(), outer), () =>
      store.append('audit-t1', [{ type: 'audit.noted', data: 2 }], { expectedVersion: 1 }),
    );
    outer.end();
    await tracing.forceFlush();
    const span = one('append audit');
    expect(parentOf(span)).toBe(outer.spanContext().spanId);
    expect(span.attributes).toEqual({
      'db.system.name': 'agenticflow.memory',
      'db.operation.name': 'append',
      'db.collection.name': 'audit',
      'agenticflow.stream.id': 'audit-t1',
      'agenticflow.store.event_count': 1,
      'agenticflow.store.expected_version': '1',
      'agenticflow.stream.version': 2,
    });
  });

  it('traces the bus: a PRODUCER publish span carrying its traceparent, a CONSUMER process span under it', async () => {
    const bus = new InMemoryEventBus();
    let activeInHandler: string | undefined;
    let headers: Readonly<Record<string, string>> = {};
    const handled = new Promise<void>((resolve) => {
      void bus.subscribe(
        'task.*',
        (message) => {
          activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
          headers = message.headers;
          resolve();
        },
        { group: 'workers' },
      );
    });
    const caller = trace.getTracer('test').startSpan('caller');
    await context.with(trace.setSpan(context.active(), caller), () =>
      bus.publish('task.sum', { id: 'm-1', payload: 1 }),
    );
    caller.end();
    await handled;
    await bus.close();

    await tracing.forceFlush();
    const publish = one('publish task.sum');
    const processed = one('process task.sum');
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(publish)).toBe(caller.spanContext().spanId);
    expect(publish.attributes).toEqual({
      'messaging.system': 'agenticflow.memory',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'publish',
      'messaging.destination.name': 'task.sum',
      'messaging.message.id': 'm-1',
    });
    const { traceId, spanId } = publish.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(processed.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(processed)).toBe(spanId);
    expect(processed.attributes).toMatchObject({
      'messaging.system': 'agenticflow.memory',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'task.sum',
      'messaging.consumer.group.name': 'workers',
      'agenticflow.bus.delivery_attempt': 1,
    });
    expect(activeInHandler).toBe(processed.spanContext().spanId);
  });

  it('parents a publish on the traceparent header it was given', async () => {
    const bus = new InMemoryEventBus();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await bus.publish('task.sum', { payload: 1, headers: { traceparent } });
    await bus.close();
    await tracing.forceFlush();
    const publish = one('publish task.sum');
    expect(publish.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parentOf(publish)).toBe('00f067aa0ba902b7');
  });

  describe('tool calls', () => {
    const add = defineTool({
      name: 'demo.add',
      description: 'adds',
      input: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => {
        if (a < 0) throw new Error('negative');
        return { sum: a + b };
      },
    });
    const caller = { id: 'agent-1', grants: [] };
    const executor = (traceContent?: boolean) => {
      const registry = new ToolRegistry();
      registry.register([add]);
      return new ToolExecutor({ registry, ...(traceContent ? { traceContent } : {}) });
    };

    it('traces execute_tool with the GenAI attributes and no arguments or result', async () => {
      const store = new InMemoryEventStore();
      await executor().execute('demo.add', '{"a":1,"b":2}', {
        caller,
        callId: 'call-1',
        store,
        streamId: 'run-t1',
      });
      await tracing.forceFlush();
      const span = one('execute_tool demo.add');
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(span.attributes).toEqual({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'demo.add',
        'gen_ai.tool.call.id': 'call-1',
        'gen_ai.tool.type': 'function',
        'agenticflow.caller.id': 'agent-1',
      });
      const events = await collect(store.readStream('run-t1'));
      const { traceId, spanId } = span.spanContext();
      expect(events.map((event) => event.metadata.traceparent)).toEqual(
        events.map(() => `00-${traceId}-${spanId}-01`),
      );
    });

    it('puts arguments and result on the span only with traceContent', async () => {
      await executor(true).execute('demo.add', { a: 1, b: 2 }, { caller });
      await tracing.forceFlush();
      expect(one('execute_tool demo.add').attributes).toMatchObject({
        'gen_ai.tool.call.arguments': '{"a":1,"b":2}',
        'gen_ai.tool.call.result': '{"sum":3}',
      });
    });

    it('marks a failed call with the error status and its code as error.type', async () => {
      await expect(executor().execute('demo.add', { a: -1, b: 2 }, { caller })).rejects.toThrow();
      await tracing.forceFlush();
      const span = one('execute_tool demo.add');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('TOOL_FAILED');
    });
  });

  it('traces an agent handling a message: invoke_agent under the bus process span, body left out', async () => {
    const store = new InMemoryEventStore();
    const messenger = createAgentMessenger({ bus: new InMemoryEventBus(), store });
    const runtime = createAgentRuntime({ store, messenger, instanceId: 'test-runtime' });
    let activeInHandle: string | undefined;
    const echo = defineAgent({
      type: 'echo',
      capabilities: [],
      handle: (message) => {
        activeInHandle = trace.getActiveSpan()?.spanContext().spanId;
        return message.body;
      },
    });
    await runtime.start(echo, { id: 'echo-1' });
    const reply = await runtime.request({ to: 'echo-1', type: 'task.echo', body: 'secret text' });
    expect(reply.body).toBe('secret text');
    await runtime.close();
    await tracing.forceFlush();
    const span = one('invoke_agent echo');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'echo',
      'gen_ai.agent.id': 'echo-1',
      'agenticflow.agent.message.type': 'task.echo',
    });
    expect(JSON.stringify(span.attributes)).not.toContain('secret text');
    expect(activeInHandle).toBe(span.spanContext().spanId);
    const parent = exporter
      .getFinishedSpans()
      .find((candidate) => candidate.spanContext().spanId === parentOf(span));
    expect(parent?.name.startsWith('process ')).toBe(true);
    expect(parent?.kind).toBe(SpanKind.CONSUMER);
  });
});
