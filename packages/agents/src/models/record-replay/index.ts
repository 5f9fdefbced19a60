export { GuardedRunStore } from './guarded-run-store.js';
export {
  isModelCallEvent,
  ModelRequested,
  type ModelRequestedData,
  ModelResponded,
  type ModelRespondedData,
} from './model-call-events.js';
export {
  type NonDeterministicReplayDetails,
  NonDeterministicReplayError,
  type ReplayPosition,
} from './non-deterministic-replay-error.js';
export {
  type ModelCallPosition,
  type RecordedModelResponse,
  recordModelCall,
} from './record-model-call.js';
export { asJson, findDifference, type ReplayDifference } from './replay-difference.js';
export {
  type JournalMode,
  RecordedEnding,
  type RecordedMatch,
  RunJournal,
  type RunJournalOptions,
} from './run-journal.js';
