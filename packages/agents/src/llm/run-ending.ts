import {
  AbortedError,
  type AgenticEvent,
  deserializeError,
  hasErrorCode,
  serializeError,
} from '@agenticflow/core';
import { RecordedEnding } from '../models/record-replay/run-journal.js';
import { LlmRunCancelled, LlmRunFailed } from './llm-events.js';
import type { RunBudget } from './run-budget.js';
import type { RunContext } from './run-context.js';
import type { RunDeadline } from './run-deadline.js';

// The log is someone else's truth (another writer, or a run recorded by other code): never
// append a failure to it for these.
const NOT_RECORDED = ['NON_DETERMINISTIC_REPLAY', 'EXPECTED_VERSION_CONFLICT'];

/**
 * Records how a run failed (`llm.run_failed`, or `llm.run_cancelled` for an abort) and returns
 * the error to throw. A replay serves the recorded ending instead of appending one.
 */
export async function endWithError(
  context: RunContext,
  budget: RunBudget,
  deadline: RunDeadline,
  thrown: unknown,
): Promise<unknown> {
  if (thrown instanceof RecordedEnding) return reproduceEnding(context, thrown.event);
  if (NOT_RECORDED.some((code) => hasErrorCode(thrown, code))) return thrown;
  const error = deadline.stopError() ?? thrown;
  const { journal } = context;
  if (journal.mode === 'replay' && hasErrorCode(error, 'ABORTED')) return error;
  const summary = { steps: budget.steps, usage: budget.usage() };
  const event = hasErrorCode(error, 'ABORTED')
    ? LlmRunCancelled.create(
        { reason: error.message, ...summary },
        { metadata: metadataOf(context) },
      )
    : LlmRunFailed.create(
        { error: serializeError(error), ...summary },
        { metadata: metadataOf(context) },
      );
  try {
    await journal.record(event, () => undefined, {
      streamId: journal.streamId,
      step: budget.steps,
    });
  } catch (recording) {
    if (recording instanceof RecordedEnding) return reproduceEnding(context, recording.event);
    // The store failed too: the run stays open in the log and can be resumed.
    if (journal.mode === 'live') return error;
    return recording;
  }
  return error;
}

/** Serves a recorded `llm.run_failed` / `llm.run_cancelled` and returns the error it recorded. */
async function reproduceEnding(context: RunContext, event: AgenticEvent): Promise<unknown> {
  await context.journal.serveNext();
  if (LlmRunCancelled.is(event)) {
    return new AbortedError(`run ${context.runId} was cancelled: ${event.data.reason}`, {
      details: { runId: context.runId },
    });
  }
  if (LlmRunFailed.is(event)) return deserializeError(event.data.error);
  return new AbortedError(`run ${context.runId} ended with ${event.type}`);
}

/** Metadata of the events a run appends. */
export function metadataOf(context: RunContext) {
  return { ...context.metadata, actor: context.agent };
}
