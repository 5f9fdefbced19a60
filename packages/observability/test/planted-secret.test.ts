import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLlmAgent, createModel } from '@agenticflow/agents';
import { type AgenticEvent, InMemoryEventStore } from '@agenticflow/core';
import { defineTool } from '@agenticflow/tools';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createLogger,
  REDACTED,
  redactEventStore,
  setupTracing,
  type TracingHandle,
} from '../src/index.js';

// An API key planted in a model call, a tool's environment and an error: it must reach the model
// server (the call is real) and appear nowhere the framework writes: logs, spans, events.
const SECRET = 'sk-planted-4c1e9a7b2d';

const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;
let server: Server;
let baseUrl: string;
const authorizations: string[] = [];
const requestBodies: string[] = [];
let calls = 0;

async function body(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

beforeAll(async () => {
  tracing = await setupTracing({
    serviceName: 'secret-test',
    exporter,
    processor: 'simple',
    secrets: [SECRET],
  });
  server = createServer(async (request, response) => {
    requestBodies.push(await body(request));
    authorizations.push(String(request.headers.authorization));
    calls++;
    const message =
      calls === 1
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call-1',
                type: 'function',
                function: { name: 'vault.read', arguments: '{"name":"db"}' },
              },
            ],
          }
        : { role: 'assistant', content: 'The database is reachable.' };
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        id: `chatcmpl-${calls}`,
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message, finish_reason: calls === 1 ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await tracing.shutdown();
  await new Promise((resolve) => server.close(resolve));
});

it('keeps a planted API key out of logs, spans and events while it is used for real', async () => {
  const lines: string[] = [];
  const logger = createLogger({
    secrets: [SECRET],
    destination: { write: (line) => void lines.push(line) },
  });
  const vault = defineTool({
    name: 'vault.read',
    description: 'Checks a credential',
    input: z.object({ name: z.string() }),
    // A tool that touches the secret and fails with it in its message.
    execute: ({ name }) => {
      throw new Error(`login for ${name} with ${SECRET} refused`);
    },
  });
  const model = await createModel(`openai-compatible:${baseUrl}#m`, { apiKey: SECRET });
  const agent = createLlmAgent({
    name: 'checker',
    instructions: 'Check the database.',
    model,
    tools: [vault],
  });
  const store = redactEventStore(new InMemoryEventStore(), { secrets: [SECRET] });
  const result = await agent.run('is the database up?', { store });
  logger.info({ result, apiKey: SECRET }, 'run finished');
  logger.error(new Error(`request with key ${SECRET} failed`), 'a failure');

  trace
    .getTracer('app')
    .startSpan('outgoing call', {
      attributes: { 'http.request.header.authorization': 'Bearer other-credential-77' },
    })
    .end();

  expect(authorizations).toEqual([`Bearer ${SECRET}`, `Bearer ${SECRET}`]);
  await tracing.forceFlush();
  const spans = JSON.stringify(
    exporter.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]),
  );
  expect(spans).toContain('chat m');
  expect(spans).not.toContain(SECRET);
  expect(spans).not.toContain('other-credential-77');
  expect(spans).toContain('"http.request.header.authorization":"[REDACTED]"');
  const events: AgenticEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  expect(events.map((event) => event.type)).toContain('model.responded');
  // The tool's own error quotes the key: the model is shown it as the tool wrote it (the second
  // request carries it), but the redacting store records it, and the calls after it, redacted.
  expect(requestBodies[1]).toContain(SECRET);
  expect(JSON.stringify(events.map((event) => event.data))).not.toContain(SECRET);
  const failed = events.find((event) => event.type === 'tool.failed');
  expect(JSON.stringify(failed?.data)).toContain(`with ${REDACTED} refused`);
  expect(JSON.stringify(events.map((event) => event.metadata))).not.toContain(SECRET);
  // The redacted log still replays: the requests are rebuilt from the redacted tool failure.
  const replayed = await agent.replay({ store, runId: result.runId });
  expect(replayed.text).toBe(result.text);
  expect(calls).toBe(2);
  expect(lines.join('\n')).not.toContain(SECRET);
  expect(lines.join('\n')).toContain('[REDACTED]');
});
