import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { collect, InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, uniqueStreamId } from '@agenticflow/core/testing';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolExecutor } from '../src/executor/tool-executor.js';
import { connectMcpServer, type McpToolSource } from '../src/mcp/mcp-tool-source.js';
import { ToolRegistry } from '../src/tool-registry.js';
// @ts-expect-error a plain JavaScript fixture without types
import { createDemoServer } from './fixtures/mcp-demo-server.mjs';

const fixture = fileURLToPath(new URL('./fixtures/mcp-demo-server.mjs', import.meta.url));
const caller = { id: 'agent', grants: ['mcp:call:**'] };

let httpServer: Server;
let url: string;
beforeAll(async () => {
  httpServer = createServer(async (request, response) => {
    // Stateless Streamable HTTP: one server and transport per request.
    const server = createDemoServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    let body = '';
    for await (const chunk of request) body += chunk;
    await transport.handleRequest(request, response, body ? JSON.parse(body) : undefined);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

describe.each([
  [
    'stdio',
    () => ({
      type: 'stdio' as const,
      command: process.execPath,
      args: [fixture, '--stdio'],
      stderr: 'ignore' as const,
    }),
  ],
  ['Streamable HTTP', () => ({ type: 'http' as const, url })],
])('MCP client over %s', (_, transport) => {
  let source: McpToolSource;
  let executor: ToolExecutor;
  beforeAll(async () => {
    source = await connectMcpServer({
      name: 'demo',
      transport: transport(),
      approval: (tool) => (tool.annotations?.destructiveHint === true ? 'always' : 'never'),
    });
    const registry = new ToolRegistry();
    registry.register([...source.tools]);
    executor = new ToolExecutor({ registry });
  });
  afterAll(() => source?.close());

  it('turns every server tool into a namespaced AgenticFlow tool with its JSON Schema', () => {
    expect(source.tools.map((tool) => tool.name).sort()).toEqual([
      'mcp.demo.add',
      'mcp.demo.delete-everything',
      'mcp.demo.fail',
      'mcp.demo.get-user',
      'mcp.demo.wait',
    ]);
    const add = source.tools.find((tool) => tool.name === 'mcp.demo.add')!;
    expect(add.inputJsonSchema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
    });
  });

  it('calls a tool through the executor and records it', async () => {
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('run');
    const result = await executor.execute('mcp__demo__add', '{"a":2,"b":3}', {
      caller,
      store,
      streamId,
    });
    expect(result.output).toBe('5');
    expect((await collect(store.readStream(streamId))).map((event) => event.type)).toEqual([
      'tool.called',
      'tool.succeeded',
    ]);
  });

  it('returns structured content when the tool gives it', async () => {
    const result = await executor.execute('mcp.demo.get-user', { id: 'u1' }, { caller });
    expect(result.output).toEqual({ id: 'u1', name: 'user u1' });
  });

  it('validates arguments with the server schema before calling', async () => {
    await expectRejectedCode(
      executor.execute('mcp.demo.add', { a: 'two', b: 3 }, { caller }),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      executor.execute('mcp.demo.get-user', { id: '' }, { caller }),
      'VALIDATION_FAILED',
    );
  });

  it('turns an isError result into TOOL_FAILED with its text', async () => {
    const error = await expectRejectedCode(
      executor.execute('mcp.demo.fail', {}, { caller }),
      'TOOL_FAILED',
    );
    expect(error.message).toContain('failed on purpose');
  });

  it('needs the grant mcp:call:<server>/<tool>', async () => {
    const error = await expectRejectedCode(
      executor.execute(
        'mcp.demo.add',
        { a: 1, b: 1 },
        { caller: { id: 'x', grants: ['mcp:call:demo/get-user'] } },
      ),
      'PERMISSION_DENIED',
    );
    expect(error.details.missing).toEqual(['mcp:call:demo/add']);
  });

  it('applies the approval policy chosen from tool annotations', async () => {
    const store = new InMemoryEventStore();
    await expectRejectedCode(
      executor.execute(
        'mcp.demo.delete-everything',
        { confirm: true },
        { caller, store, streamId: uniqueStreamId('run') },
      ),
      'APPROVAL_REQUIRED',
    );
  });

  it('cancels a call when it is aborted', async () => {
    const controller = new AbortController();
    const call = executor.execute('mcp.demo.wait', {}, { caller, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectRejectedCode(call, 'ABORTED');
  });
});

describe('MCP client errors', () => {
  it('reports a server that cannot start as CONNECTION_FAILED', async () => {
    await expectRejectedCode(
      connectMcpServer({
        name: 'broken',
        transport: {
          type: 'stdio',
          command: process.execPath,
          args: ['-e', 'process.exit(1)'],
          stderr: 'ignore',
        },
      }),
      'CONNECTION_FAILED',
    );
  });
});
