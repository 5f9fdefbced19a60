import type { ModelRequest, ModelResponse } from '../model.js';
import { ModelRequested, ModelResponded } from './model-call-events.js';
import { asJson, findDifference } from './replay-difference.js';
import type { RunJournal } from './run-journal.js';

/** Which call of a run this is. */
export interface ModelCallPosition {
  /** 0-based, counting every model call of the run. */
  readonly callIndex: number;
  /** The run's step (1-based model turn). */
  readonly step: number;
  /** The model that is (or was) asked. */
  readonly modelId: string;
}

/** The answer to a recorded call, and whether it came from the log. */
export interface RecordedModelResponse {
  /** The response as stored (a JSON round trip), identical whether served or fresh. */
  readonly response: ModelResponse;
  /** True when the log held it and no model was called. */
  readonly served: boolean;
}

/**
 * Makes one model call through the run's journal: records `model.requested`, then either serves
 * the recorded `model.responded` (no call) or calls `invoke` and records its answer.
 *
 * A recorded request at this position must equal `request` (compared as JSON), else it throws
 * `NON_DETERMINISTIC_REPLAY` naming the step, the call and the first differing field. In replay
 * mode a call the log does not answer throws the same error instead of calling the model.
 *
 * @example
 * ```ts
 * const journal = await RunJournal.open({ store, streamId: 'run-1', mode: 'live', owns, ends });
 * const { response, served } = await recordModelCall(
 *   journal,
 *   { callIndex: 0, step: 1, modelId: model.id },
 *   request,
 *   () => model.generate(request, { signal }),
 * );
 * ```
 */
export async function recordModelCall(
  journal: RunJournal,
  position: ModelCallPosition,
  request: ModelRequest,
  invoke: () => Promise<ModelResponse>,
): Promise<RecordedModelResponse> {
  const { callIndex, step } = position;
  const where = { streamId: journal.streamId, step, callIndex };
  await journal.record(
    ModelRequested.create({ callIndex, step, modelId: position.modelId, request: asJson(request) }),
    (recorded) => {
      const data = ModelRequested.is(recorded) ? recorded.data : undefined;
      if (data?.callIndex !== callIndex) return findDifference(data?.callIndex, callIndex);
      const difference = findDifference(data.request, request);
      return difference && { ...difference, path: `request.${difference.path}` };
    },
    where,
  );
  const next = journal.peek();
  if (next && ModelResponded.is(next) && next.data.callIndex === callIndex) {
    await journal.serveNext();
    return { response: next.data.response, served: true };
  }
  journal.assertLive(ModelResponded.type, where);
  const startedAt = performance.now();
  const response = asJson(await invoke());
  await journal.append([
    ModelResponded.create({
      callIndex,
      step,
      response,
      durationMs: performance.now() - startedAt,
    }),
  ]);
  return { response, served: false };
}
