import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';
import type { ReplayDifference } from './replay-difference.js';

/** Where in a run a replay diverged from its log. */
export interface ReplayPosition {
  /** The run's stream. */
  readonly streamId: string;
  /** The step (1-based model turn) the run was at, when known. */
  readonly step?: number;
  /** The 0-based index of the model call, when the divergence concerns one. */
  readonly callIndex?: number;
  /** Version of the recorded event the run was compared with, when there is one. */
  readonly version?: number;
}

/** What a {@link NonDeterministicReplayError} describes. */
export interface NonDeterministicReplayDetails extends ReplayPosition {
  /** What the log holds at that position (an event type, or `'end of log'`). */
  readonly recorded: string;
  /** What the run asked for at that position. */
  readonly actual: string;
  /** The first differing part, when both sides are the same kind of event. */
  readonly difference?: ReplayDifference;
}

/**
 * A replayed (or resumed) run asked for something its log does not hold: a different model request
 * at a recorded position, or more model calls than were recorded. The run's code or configuration
 * changed since it was recorded (instructions, tools, model options), or it is not deterministic.
 * Nothing was called and nothing was appended.
 */
export class NonDeterministicReplayError extends AgenticFlowError {
  constructor(details: NonDeterministicReplayDetails, options: AgenticFlowErrorOptions = {}) {
    super('NON_DETERMINISTIC_REPLAY', messageOf(details), {
      ...options,
      details: { ...options.details, ...details },
    });
    this.name = 'NonDeterministicReplayError';
  }

  static is(value: unknown): value is NonDeterministicReplayError {
    return hasErrorCode(value, 'NON_DETERMINISTIC_REPLAY');
  }
}

function messageOf(details: NonDeterministicReplayDetails): string {
  const where = [
    details.step === undefined ? undefined : `step ${details.step}`,
    details.callIndex === undefined ? undefined : `model call ${details.callIndex}`,
    details.version === undefined ? undefined : `version ${details.version}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  const difference = details.difference
    ? `; ${details.difference.path || 'the value'} was ${details.difference.recorded} when recorded but is ${details.difference.actual} now`
    : '';
  return (
    `replay of ${details.streamId} diverged from its log${where ? ` at ${where}` : ''}: ` +
    `the log holds ${details.recorded} but the run asked for ${details.actual}${difference}. ` +
    'Replay with the code, instructions, tools and options that recorded the run, or start a new run'
  );
}
