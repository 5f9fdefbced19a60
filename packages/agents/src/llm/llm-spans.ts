import { type OtelApi, otelApi, otelTracer, SpanKinds, setSpanError } from '@agenticflow/core';
import type { Model, ModelRequest, ModelResponse } from '../models/model.js';

const TRACER = '@agenticflow/agents';

/** `openai:gpt-4o-mini` → provider `openai`, model `gpt-4o-mini`; a spec without `:` is all model. */
function splitModelId(id: string): { provider: string; model: string } {
  const colon = id.indexOf(':');
  if (colon < 0) return { provider: 'unknown', model: id };
  const provider = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  // `openai-compatible:http://host/v1#llama3.2`: the model is after the `#`.
  const hash = rest.lastIndexOf('#');
  return { provider, model: hash >= 0 ? rest.slice(hash + 1) : rest };
}

/**
 * Calls the model under a `chat {model}` CLIENT span with the OpenTelemetry GenAI attributes
 * (`gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`, token usage, finish
 * reason). Messages and answers stay out of the span. Without OpenTelemetry set up, just calls.
 */
export async function chatWithSpan(
  model: Model,
  request: ModelRequest,
  call: () => Promise<ModelResponse>,
): Promise<ModelResponse> {
  const otel = otelApi();
  if (otel === undefined) return call();
  const { provider, model: modelName } = splitModelId(model.id);
  const parent = otel.context.active();
  const span = otelTracer(otel, TRACER).startSpan(
    `chat ${modelName}`,
    {
      kind: SpanKinds.client,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': provider,
        'gen_ai.request.model': modelName,
        ...(request.temperature === undefined
          ? {}
          : { 'gen_ai.request.temperature': request.temperature }),
        ...(request.maxOutputTokens === undefined
          ? {}
          : { 'gen_ai.request.max_tokens': request.maxOutputTokens }),
      },
    },
    parent,
  );
  try {
    const response = await otel.context.with(otel.trace.setSpan(parent, span), call);
    span
      .setAttribute('gen_ai.response.model', splitModelId(response.modelId).model)
      .setAttribute('gen_ai.response.finish_reasons', [response.finishReason])
      .setAttribute('gen_ai.usage.input_tokens', response.usage.inputTokens)
      .setAttribute('gen_ai.usage.output_tokens', response.usage.outputTokens);
    return response;
  } catch (error) {
    setSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs an LLM agent's run under an `invoke_agent {name}` span (GenAI conventions), so that its
 * `chat` and `execute_tool` spans nest below it. The input and answer stay out of the span.
 */
export async function invokeLlmAgentWithSpan<T>(
  agentName: string,
  runId: string,
  run: () => Promise<T>,
): Promise<T> {
  const otel: OtelApi | undefined = otelApi();
  if (otel === undefined) return run();
  const parent = otel.context.active();
  const span = otelTracer(otel, TRACER).startSpan(
    `invoke_agent ${agentName}`,
    {
      kind: SpanKinds.internal,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': agentName,
        'agenticflow.run.id': runId,
      },
    },
    parent,
  );
  try {
    return await otel.context.with(otel.trace.setSpan(parent, span), run);
  } catch (error) {
    setSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
