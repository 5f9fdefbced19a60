import {
  type JsonValue,
  type OtelApi,
  otelTracer,
  SpanKinds,
  setSpanError,
} from '@agenticflow/core';
import type { AgentMessage } from '../interaction/agent-messenger.js';

const TRACER = '@agenticflow/agents';

/**
 * Runs an agent's `handle` under an `invoke_agent {type}` span (OpenTelemetry GenAI conventions:
 * `gen_ai.operation.name`, `gen_ai.agent.name`, `gen_ai.agent.id`), child of the active span (the
 * bus `process` span the message came with). The message body and the response stay out.
 */
export async function invokeWithSpan(
  otel: OtelApi,
  agentType: string,
  agentId: string,
  message: AgentMessage,
  handle: () => Promise<JsonValue | undefined> | JsonValue | undefined,
): Promise<JsonValue | undefined> {
  const parent = otel.context.active();
  const span = otelTracer(otel, TRACER).startSpan(
    `invoke_agent ${agentType}`,
    {
      kind: SpanKinds.internal,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': agentType,
        'gen_ai.agent.id': agentId,
        'agenticflow.agent.message.id': message.id,
        'agenticflow.agent.message.type': message.type,
      },
    },
    parent,
  );
  try {
    return await otel.context.with(otel.trace.setSpan(parent, span), handle);
  } catch (error) {
    setSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
