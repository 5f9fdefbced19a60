import type { AgenticEvent } from '@agenticflow/core';
import { checkedEvent } from '../../validation/define-checked-event.js';
import { number, object, string, unchecked } from '../../validation/value-check.js';
import type { ModelRequest, ModelResponse } from '../model.js';

/** Data of `model.requested`: what the run asked the model, before it was asked. */
export interface ModelRequestedData {
  /** 0-based index of the call within the run: the key a replay matches on. */
  readonly callIndex: number;
  /** The run's step (1-based model turn). */
  readonly step: number;
  /** The model asked, such as `openai:gpt-4o-mini`. */
  readonly modelId: string;
  readonly request: ModelRequest;
}

/** Data of `model.responded`: the whole answer, served from the log on replay. */
export interface ModelRespondedData {
  readonly callIndex: number;
  readonly step: number;
  readonly response: ModelResponse;
  /** Milliseconds the call took when it was made. */
  readonly durationMs: number;
}

const index = number({ integer: true, min: 0 });
const step = number({ integer: true, min: 1 });

// Requests and responses are checked as JSON by the store; the model layer built them.
/** A model call was made (type `model.requested`). */
export const ModelRequested = checkedEvent<'model.requested', ModelRequestedData>(
  'model.requested',
  object({ callIndex: index, step, modelId: string, request: unchecked<ModelRequest>() }),
);

/** A model call was answered (type `model.responded`). */
export const ModelResponded = checkedEvent<'model.responded', ModelRespondedData>(
  'model.responded',
  object({
    callIndex: index,
    step,
    response: unchecked<ModelResponse>(),
    durationMs: number({ min: 0 }),
  }),
);

/** True for the events the record/replay layer writes for model calls. */
export function isModelCallEvent(
  event: AgenticEvent,
): event is
  | AgenticEvent<'model.requested', ModelRequestedData>
  | AgenticEvent<'model.responded', ModelRespondedData> {
  return ModelRequested.is(event) || ModelResponded.is(event);
}
