import { AgenticFlowError } from '@agenticflow/core';
import type { Model, ModelRequest, ModelResponse } from '../models/model.js';

/**
 * Asks `model`: streamed when someone listens to the text (`onText` gets each delta), else in one
 * piece.
 */
export async function callModel(
  model: Model,
  request: ModelRequest,
  signal: AbortSignal,
  onText: ((text: string) => void) | undefined,
): Promise<ModelResponse> {
  if (!onText) return model.generate(request, { signal });
  let response: ModelResponse | undefined;
  for await (const part of model.stream(request, { signal })) {
    if (part.type === 'text-delta') onText(part.text);
    else if (part.type === 'finish') response = part.response;
  }
  if (!response) {
    throw new AgenticFlowError(
      'MODEL_STREAM_INCOMPLETE',
      `model ${model.id} ended its stream without a finish part: its adapter must end every stream with { type: 'finish', response }`,
      { details: { modelId: model.id } },
    );
  }
  return response;
}
