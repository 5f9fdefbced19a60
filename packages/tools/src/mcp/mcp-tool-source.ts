import { ConfigurationError, ConnectionFailedError } from '@agenticflow/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { defineTool } from '../define-tool.js';
import { ToolExecutionError } from '../errors/tool-errors.js';
import type { ApprovalPolicy, JsonSchema, Tool } from '../tool-types.js';
import { jsonSchemaToZod } from './json-schema-to-zod.js';

/** How to reach an MCP server. */
export type McpTransportOptions =
  | {
      readonly type: 'stdio';
      /** The server's executable. */
      readonly command: string;
      readonly args?: readonly string[];
      /** Its environment. @defaultValue the SDK's safe default environment */
      readonly env?: Readonly<Record<string, string>>;
      readonly cwd?: string;
      /** What to do with its stderr. @defaultValue 'inherit' */
      readonly stderr?: 'inherit' | 'ignore' | 'pipe';
    }
  | {
      readonly type: 'http';
      /** The Streamable HTTP endpoint. */
      readonly url: string | URL;
      /** Headers sent with every request (authorization…). */
      readonly headers?: Readonly<Record<string, string>>;
    };

/** What an MCP tool declares about itself. */
export interface McpToolInfo {
  /** The tool's name on the server. */
  readonly name: string;
  readonly annotations: Readonly<Record<string, unknown>> | undefined;
}

/** Options of {@link connectMcpServer}. */
export interface McpServerOptions {
  /** Names the server in tool names: `mcp.<name>.<tool>`. */
  readonly name: string;
  readonly transport: McpTransportOptions;
  /** Grants each tool needs. @defaultValue `mcp:call:<server>/<tool>` */
  readonly permissions?: (tool: McpToolInfo) => readonly string[];
  /** Approval policy per tool. @defaultValue 'never' */
  readonly approval?: (tool: McpToolInfo) => ApprovalPolicy;
  /** Time limit of one tool call. @defaultValue 60_000 */
  readonly timeoutMs?: number;
}

/** A connected MCP server whose tools are AgenticFlow tools. */
export interface McpToolSource {
  readonly name: string;
  /** The server's tools, named `mcp.<server>.<tool>`: register them in a `ToolRegistry`. */
  readonly tools: readonly Tool[];
  /** Lists the server's tools again (after a `tools/list_changed`). */
  refresh(): Promise<readonly Tool[]>;
  /** Closes the connection (and stops a stdio server). */
  close(): Promise<void>;
}

const SEGMENT = /[^A-Za-z0-9_-]/g;

/**
 * Connects to an MCP server over stdio or Streamable HTTP (with `@modelcontextprotocol/sdk`) and
 * turns each of its tools into an AgenticFlow tool: the server's JSON Schema becomes the input
 * validation (zod's `fromJSONSchema`), calls go through the executor's permissions, approvals,
 * timeouts and events like any other tool, and an `isError` result is a `TOOL_FAILED` error.
 *
 * @example
 * ```ts
 * const github = await connectMcpServer({
 *   name: 'github',
 *   transport: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
 * });
 * registry.register([...github.tools]); // mcp.github.create_issue, …
 * ```
 */
export async function connectMcpServer(options: McpServerOptions): Promise<McpToolSource> {
  if (!/^[A-Za-z0-9_-]+$/.test(options.name)) {
    throw new ConfigurationError(
      `MCP server name ${JSON.stringify(options.name)} must use letters, digits, "_" and "-" only`,
    );
  }
  // Loaded on first use: the SDK is large, and most processes never talk to an MCP server.
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: 'agenticflow-tools', version: '0.1.0' });
  try {
    await client.connect(await createTransport(options.transport));
  } catch (error) {
    throw new ConnectionFailedError(
      `could not connect to MCP server ${options.name} (${describeTransport(options.transport)}): ${(error as Error).message}`,
      { cause: error, details: { server: options.name } },
    );
  }
  let tools: readonly Tool[] = [];
  const source: McpToolSource = {
    name: options.name,
    get tools() {
      return tools;
    },
    async refresh() {
      tools = await listTools(client, options);
      return tools;
    },
    close: () => client.close(),
  };
  await source.refresh();
  return source;
}

async function listTools(client: Client, options: McpServerOptions): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor });
    for (const tool of page.tools) tools.push(toTool(client, options, tool));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

interface McpTool {
  name: string;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown> | undefined;
}

function toTool(client: Client, options: McpServerOptions, tool: McpTool): Tool {
  const info: McpToolInfo = { name: tool.name, annotations: tool.annotations };
  const inputJsonSchema = tool.inputSchema as JsonSchema;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return defineTool({
    name: `mcp.${options.name}.${tool.name.replace(SEGMENT, '_')}`,
    description: tool.description?.trim() || `${tool.name} (from the MCP server ${options.name})`,
    input: jsonSchemaToZod(inputJsonSchema),
    inputJsonSchema,
    permissions: options.permissions?.(info) ?? [`mcp:call:${options.name}/${tool.name}`],
    approval: options.approval?.(info) ?? 'never',
    timeoutMs,
    async execute(input, { signal }) {
      const result = await client.callTool({ name: tool.name, arguments: input }, undefined, {
        signal,
        timeout: timeoutMs,
      });
      const content = (result.content ?? []) as { type: string; text?: string }[];
      const text = content.every((item) => item.type === 'text')
        ? content.map((item) => item.text ?? '').join('\n')
        : undefined;
      if (result.isError) {
        throw new ToolExecutionError(
          `MCP tool ${tool.name} of ${options.name} failed: ${text ?? JSON.stringify(content)}`,
          {
            details: { server: options.name, tool: tool.name },
          },
        );
      }
      if (result.structuredContent !== undefined) return result.structuredContent;
      return text ?? content;
    },
  });
}

async function createTransport(options: McpTransportOptions): Promise<Transport> {
  if (options.type === 'stdio') {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    return new StdioClientTransport({
      command: options.command,
      args: [...(options.args ?? [])],
      ...(options.env ? { env: { ...options.env } } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stderr: options.stderr ?? 'inherit',
    });
  }
  const { StreamableHTTPClientTransport } = await import(
    '@modelcontextprotocol/sdk/client/streamableHttp.js'
  );
  const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
  return new StreamableHTTPClientTransport(url, {
    ...(options.headers ? { requestInit: { headers: { ...options.headers } } } : {}),
  });
}

function describeTransport(options: McpTransportOptions): string {
  if (options.type === 'stdio') return `stdio: ${options.command}`;
  const url = new URL(String(options.url));
  url.username = '';
  url.password = '';
  url.search = '';
  return `http: ${url.toString()}`;
}
