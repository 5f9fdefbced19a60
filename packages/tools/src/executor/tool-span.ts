import {
  newId,
  type OtelApi,
  otelTracer,
  SpanKinds,
  setSpanError,
  traceparentOf,
} from '@agenticflow/core';
import type { ToolCallContext, ToolCallResult } from './tool-call-context.js';

const TRACER = '@agenticflow/tools';
/** Longest argument or result text put on a span when content tracing is on. */
const MAX_TRACED_CONTENT = 4_096;

/**
 * Runs a tool call under an `execute_tool {tool}` span (OpenTelemetry GenAI conventions:
 * `gen_ai.operation.name`, `gen_ai.tool.name`, `gen_ai.tool.call.id`, `gen_ai.tool.type`; a
 * failure sets the error status and `error.type` to the error code). The call's arguments and
 * result go on the span (`gen_ai.tool.call.arguments`, `gen_ai.tool.call.result`) only when
 * `traceContent` is set. The recorded `tool.*` events carry the span's `traceparent` unless the
 * caller's metadata has one.
 */
export async function executeWithSpan(
  otel: OtelApi,
  toolName: string,
  rawArguments: unknown,
  context: ToolCallContext,
  traceContent: boolean,
  call: (context: ToolCallContext) => Promise<ToolCallResult>,
): Promise<ToolCallResult> {
  const callId = context.callId ?? newId();
  const parent = otel.context.active();
  const span = otelTracer(otel, TRACER).startSpan(
    `execute_tool ${toolName}`,
    {
      kind: SpanKinds.internal,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': toolName,
        'gen_ai.tool.call.id': callId,
        'gen_ai.tool.type': 'function',
        'agenticflow.caller.id': context.caller.id,
      },
    },
    parent,
  );
  if (traceContent) span.setAttribute('gen_ai.tool.call.arguments', contentText(rawArguments));
  const active = otel.trace.setSpan(parent, span);
  const metadata =
    context.metadata?.traceparent === undefined
      ? { ...context.metadata, traceparent: traceparentOf(otel, active) }
      : context.metadata;
  try {
    const result = await otel.context.with(active, call, undefined, {
      ...context,
      callId,
      metadata,
    });
    if (traceContent) span.setAttribute('gen_ai.tool.call.result', cap(result.content));
    if (result.truncated) span.setAttribute('agenticflow.tool.result_truncated', true);
    return result;
  } catch (error) {
    setSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function contentText(value: unknown): string {
  if (typeof value === 'string') return cap(value);
  try {
    return cap(JSON.stringify(value) ?? 'undefined');
  } catch {
    return '[not JSON]';
  }
}

function cap(text: string): string {
  return text.length > MAX_TRACED_CONTENT ? `${text.slice(0, MAX_TRACED_CONTENT)}…` : text;
}
