import {
  type AgenticFlowError,
  ConfigurationError,
  isAgenticFlowError,
  newId,
  otelApi,
  ValidationError,
  zodIssuesToValidationIssues,
} from '@agenticflow/core';
import type { z } from 'zod';
import { enforceApproval } from '../approvals/enforce-approval.js';
import { PermissionDeniedError, ToolExecutionError } from '../errors/tool-errors.js';
import type { ToolCallPhase } from '../events/tool-events.js';
import { PermissionSet } from '../permissions/permission-set.js';
import type { ToolRegistry } from '../tool-registry.js';
import type { Tool } from '../tool-types.js';
import { argumentsHash } from '../util/canonical-json.js';
import { capText } from '../util/cap-text.js';
import { CallContext } from './call-context.js';
import { parseArguments } from './parse-arguments.js';
import { runWithTimeout } from './run-with-timeout.js';
import type { ToolCallContext, ToolCallResult } from './tool-call-context.js';
import { ToolCallRecorder } from './tool-call-recorder.js';
import { executeWithSpan } from './tool-span.js';

/** Options of {@link ToolExecutor}. */
export interface ToolExecutorOptions {
  /** The tools this executor runs. */
  readonly registry: ToolRegistry;
  /** Time limit of a call whose tool sets none. @defaultValue 30_000 */
  readonly defaultTimeoutMs?: number;
  /** Cap of the model-facing result of a tool that sets none. @defaultValue 65_536 */
  readonly maxResultBytes?: number;
  /** Largest input or error recorded whole in an event; larger ones get a preview. @defaultValue 65_536 */
  readonly maxRecordedBytes?: number;
  /**
   * Put each call's arguments and model-facing result (up to 4 KB each) on its `execute_tool`
   * span. Off by default: arguments and results may hold personal data or secrets.
   * @defaultValue false
   */
  readonly traceContent?: boolean;
}

class PhaseError {
  constructor(
    readonly phase: ToolCallPhase,
    readonly error: AgenticFlowError,
  ) {}
}

/**
 * Runs tool calls through the pipeline: look up → validate input → authorize → approval policy →
 * run with timeout and abort → validate output → cap the result → record `tool.called` and
 * `tool.succeeded` / `tool.failed` (with durations) on the caller's stream. Every failure is an
 * `AgenticFlowError`: `TOOL_NOT_FOUND`, `VALIDATION_FAILED` (with the issues; never executed),
 * `PERMISSION_DENIED`, `APPROVAL_REQUIRED`, `APPROVAL_REJECTED`, `TIMEOUT`, `ABORTED`, the tool's
 * own codes, or `TOOL_FAILED`.
 *
 * @example
 * ```ts
 * const executor = createToolExecutor({ registry });
 * const result = await executor.execute('fs.read', '{"path":"notes.md"}', {
 *   caller: { id: 'agent-1', grants: ['fs:read:/workspace/**'] },
 *   store, streamId: 'run-42', idempotencyKey: 'run-42/step-3',
 * });
 * console.log(result.content);
 * ```
 */
export class ToolExecutor {
  readonly registry: ToolRegistry;
  private readonly defaultTimeoutMs: number;
  private readonly maxResultBytes: number;
  private readonly maxRecordedBytes: number;
  private readonly traceContent: boolean;

  constructor(options: ToolExecutorOptions) {
    this.registry = options.registry;
    this.defaultTimeoutMs = positive(options.defaultTimeoutMs ?? 30_000, 'defaultTimeoutMs');
    this.maxResultBytes = positive(options.maxResultBytes ?? 65_536, 'maxResultBytes');
    this.maxRecordedBytes = positive(options.maxRecordedBytes ?? 65_536, 'maxRecordedBytes');
    this.traceContent = options.traceContent === true;
  }

  /**
   * Calls the tool `name` (its full or model-facing name) with `rawArguments`: a value, or the
   * model's JSON text. Resolves with the result or rejects with a typed error (see the class).
   */
  execute(name: string, rawArguments: unknown, context: ToolCallContext): Promise<ToolCallResult> {
    const otel = otelApi();
    if (otel === undefined) return this.call(name, rawArguments, context);
    const toolName = this.registry.get(name)?.name ?? String(name);
    return executeWithSpan(otel, toolName, rawArguments, context, this.traceContent, (traced) =>
      this.call(name, rawArguments, traced),
    );
  }

  private async call(
    name: string,
    rawArguments: unknown,
    context: ToolCallContext,
  ): Promise<ToolCallResult> {
    const startedAt = performance.now();
    const callId = context.callId ?? newId();
    const idempotencyKey = context.idempotencyKey ?? callId;
    const recorder = this.recorderFor(context);
    const toolName = this.registry.get(name)?.name ?? String(name);
    let args: unknown = rawArguments;
    let parseFailure: PhaseError | undefined;
    try {
      args = parseArguments(rawArguments, toolName);
    } catch (error) {
      parseFailure = new PhaseError('validation', asToolError(error, toolName));
    }
    await recorder?.called({
      callId,
      tool: toolName,
      caller: context.caller.id,
      input: args,
      argsHash: safeHash(toolName, args),
      idempotencyKey,
    });
    try {
      if (parseFailure) throw parseFailure;
      const tool = safely(() => this.registry.require(name), 'lookup', toolName);
      const input = validate(tool, tool.input, args, 'input', 'validation');
      safely(() => this.authorize(tool, input, context), 'authorization', toolName);
      if (tool.approval !== 'never') {
        await phase(
          () => enforceApproval({ tool, input, args, callId, context, recorder }),
          'approval',
          toolName,
        );
      }

      const timeoutMs = tool.timeoutMs ?? this.defaultTimeoutMs;
      const raw = await phase(
        () =>
          runWithTimeout(
            (signal) =>
              tool.execute(
                input,
                new CallContext(
                  callId,
                  idempotencyKey,
                  context.caller,
                  tool.name,
                  context.signal,
                  signal,
                ),
              ),
            timeoutMs,
            context.signal,
            `tool ${tool.name}`,
          ),
        'execution',
        toolName,
      );
      const output = tool.output ? validate(tool, tool.output, raw, 'output', 'output') : raw;
      const capped = capText(
        safely(() => contentOf(tool, output), 'output', toolName),
        tool.maxResultBytes ?? this.maxResultBytes,
      );
      const durationMs = performance.now() - startedAt;
      await recorder?.succeeded({
        callId,
        tool: tool.name,
        durationMs,
        content: capped.text,
        truncated: capped.truncated,
        bytes: capped.bytes,
      });
      return {
        callId,
        tool: tool.name,
        output,
        content: capped.text,
        truncated: capped.truncated,
        bytes: capped.bytes,
        durationMs,
      };
    } catch (thrown) {
      if (!(thrown instanceof PhaseError)) throw thrown;
      const durationMs = performance.now() - startedAt;
      await recorder?.failed({
        callId,
        tool: toolName,
        durationMs,
        phase: thrown.phase,
        error: thrown.error,
      });
      throw thrown.error;
    }
  }

  private authorize(tool: Tool, input: unknown, context: ToolCallContext): void {
    const required = tool.permissionsFor(input);
    if (required.length === 0) return;
    const grants =
      context.caller.grants instanceof PermissionSet
        ? context.caller.grants
        : new PermissionSet(context.caller.grants);
    const missing = grants.missing(required);
    if (missing.length > 0) throw new PermissionDeniedError(tool.name, context.caller.id, missing);
  }

  private recorderFor(context: ToolCallContext): ToolCallRecorder | undefined {
    if (!context.store) return undefined;
    if (!context.streamId) {
      throw new ConfigurationError(
        'a tool call context with a store needs a streamId, such as the run stream "run-<id>"',
      );
    }
    return new ToolCallRecorder(
      context.store,
      context.streamId,
      { ...context.metadata, actor: context.caller.id },
      this.maxRecordedBytes,
    );
  }
}

/** Creates a {@link ToolExecutor}. */
export function createToolExecutor(options: ToolExecutorOptions): ToolExecutor {
  return new ToolExecutor(options);
}

function validate<T>(
  tool: Tool,
  schema: z.ZodType<T>,
  value: unknown,
  what: 'input' | 'output',
  at: ToolCallPhase,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new PhaseError(
    at,
    new ValidationError(
      `invalid ${what} of tool ${tool.name}${what === 'input' ? ' (it was not run)' : ''}`,
      zodIssuesToValidationIssues(result.error.issues),
      { cause: result.error, details: { tool: tool.name, phase: at } },
    ),
  );
}

function contentOf(tool: Tool, output: unknown): string {
  if (typeof output === 'string') return output;
  let text: string | undefined;
  try {
    text = JSON.stringify(output);
  } catch (error) {
    throw new ToolExecutionError(
      `tool ${tool.name} returned a value that is not JSON (${(error as Error).message}): return plain data`,
      { cause: error, details: { tool: tool.name } },
    );
  }
  return text ?? 'null';
}

function safely<T>(work: () => T, at: ToolCallPhase, toolName: string): T {
  try {
    return work();
  } catch (error) {
    throw new PhaseError(at, asToolError(error, toolName));
  }
}

async function phase<T>(work: () => Promise<T>, at: ToolCallPhase, toolName: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new PhaseError(at, asToolError(error, toolName));
  }
}

function asToolError(error: unknown, toolName: string): AgenticFlowError {
  if (isAgenticFlowError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ToolExecutionError(`tool ${toolName} failed: ${message}`, {
    cause: error,
    details: { tool: toolName },
  });
}

function safeHash(tool: string, args: unknown): string {
  try {
    return argumentsHash(tool, args);
  } catch {
    return '';
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`${name} ${String(value)} must be a positive integer`);
  }
  return value;
}
