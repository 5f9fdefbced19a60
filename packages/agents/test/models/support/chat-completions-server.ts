// A tiny OpenAI Chat Completions server on 127.0.0.1 for the AI SDK adapter tests: it answers
// `POST /v1/chat/completions` from a script, as JSON or as SSE chunks when the request says
// `stream: true`, and records every request it received.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool call in a scripted answer; `arguments` as fragments are streamed one per chunk. */
export interface ScriptedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string | readonly string[];
}

/** One scripted answer. */
export type ScriptedReply =
  | {
      readonly kind?: 'answer';
      /** The text; as an array, each element is streamed as its own chunk. */
      readonly text?: string | readonly string[];
      readonly toolCalls?: readonly ScriptedToolCall[];
      /** @defaultValue `tool_calls` when there are tool calls, else `stop` */
      readonly finishReason?: string;
      readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
      /** Streams this many text chunks, then waits for {@link ChatCompletionsServer.release}. */
      readonly pauseAfter?: number;
    }
  | { readonly kind: 'error'; readonly status: number; readonly message: string };

/** A request the server received. */
export interface RecordedRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown> & { messages?: unknown; stream?: boolean };
}

export interface ChatCompletionsServer {
  /** The base URL, ending in `/v1`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Queues answers, served in order. */
  reply(...replies: ScriptedReply[]): void;
  /** Lets the paused stream go on (or the next one not pause). */
  release(): void;
  /** How many streaming responses lost their connection before the server finished them. */
  disconnects(): number;
  close(): Promise<void>;
}

export async function startChatCompletionsServer(): Promise<ChatCompletionsServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  let releaseWaiter: (() => void) | undefined;
  let releasedEarly = false;
  let disconnects = 0;

  const waitForRelease = () => {
    if (releasedEarly) {
      releasedEarly = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => (releaseWaiter = resolve));
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += String(chunk);
    const body = JSON.parse(raw || '{}') as RecordedRequest['body'];
    requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
    const reply = queue.shift();
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions' || !reply) {
      return sendJson(response, 500, {
        error: { message: `no scripted answer for ${request.method} ${request.url}` },
      });
    }
    if (reply.kind === 'error') {
      return sendJson(response, reply.status, {
        error: { message: reply.message, type: 'test_error', code: String(reply.status) },
      });
    }
    const text = typeof reply.text === 'string' ? [reply.text] : [...(reply.text ?? [])];
    const toolCalls = reply.toolCalls ?? [];
    const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
    const usage = reply.usage && { ...reply.usage, total_tokens: totalTokens(reply.usage) };
    if (!body.stream) {
      return sendJson(response, 200, {
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: text.length > 0 ? text.join('') : null,
              ...(toolCalls.length > 0
                ? {
                    tool_calls: toolCalls.map((call) => ({
                      id: call.id,
                      type: 'function',
                      function: { name: call.name, arguments: joined(call.arguments) },
                    })),
                  }
                : {}),
            },
            finish_reason: finishReason,
          },
        ],
        ...(usage ? { usage } : {}),
      });
    }

    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let finished = false;
    response.on('close', () => {
      if (!finished) disconnects++;
    });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      response.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_700_000_000, model: body.model, choices, ...extra })}\n\n`,
      );
    const delta = (value: Record<string, unknown>, finish: string | null = null) =>
      send([{ index: 0, delta: value, finish_reason: finish }]);

    delta({ role: 'assistant', content: '' });
    for (const [index, piece] of text.entries()) {
      if (index === reply.pauseAfter) await waitForRelease();
      if (response.destroyed) return;
      delta({ content: piece });
    }
    for (const [index, call] of toolCalls.entries()) {
      const fragments = typeof call.arguments === 'string' ? [call.arguments] : call.arguments;
      delta({
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      });
      for (const fragment of fragments) {
        delta({ tool_calls: [{ index, function: { arguments: fragment } }] });
      }
    }
    delta({}, finishReason);
    if (usage) send([], { usage });
    response.write('data: [DONE]\n\n');
    finished = true;
    response.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => queue.push(...replies),
    release() {
      if (releaseWaiter) {
        releaseWaiter();
        releaseWaiter = undefined;
      } else releasedEarly = true;
    },
    disconnects: () => disconnects,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function joined(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : value.join('');
}

function totalTokens(usage: { prompt_tokens: number; completion_tokens: number }): number {
  return usage.prompt_tokens + usage.completion_tokens;
}

/** Polls `predicate` until it holds; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
