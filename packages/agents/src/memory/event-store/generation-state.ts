import type { AgenticEvent } from '@agenticflow/core';
import type { MemoryRecord } from '../memory-store.js';
import { GenerationSealed, generationStreamId, RecordDeleted, RecordPut } from './memory-events.js';

/** The records of one generation of a namespace, folded from its stream. */
export interface GenerationState {
  readonly namespace: string;
  readonly generation: string;
  readonly streamId: string;
  /** Version of the last folded event; 0 before the first. */
  version: number;
  readonly records: Map<string, MemoryRecord>;
  /** Set once the generation is sealed: the generation that replaced it. */
  sealedNext: string | undefined;
}

/** An empty state for `generation`, to fold its stream into. */
export function emptyGenerationState(namespace: string, generation: string): GenerationState {
  return {
    namespace,
    generation,
    streamId: generationStreamId(namespace, generation),
    version: 0,
    records: new Map(),
    sealedNext: undefined,
  };
}

/** Folds one event of the generation's stream into `state` (mutating it: states are private). */
export function applyMemoryEvent(state: GenerationState, event: AgenticEvent): void {
  state.version = event.version;
  if (RecordPut.is(event)) {
    const { key, value, metadata, revision, createdAt, updatedAt } = event.data;
    state.records.set(
      key,
      Object.freeze({
        namespace: state.namespace,
        key,
        value,
        metadata,
        revision,
        createdAt,
        updatedAt,
      }),
    );
  } else if (RecordDeleted.is(event)) {
    state.records.delete(event.data.key);
  } else if (GenerationSealed.is(event)) {
    state.sealedNext = event.data.next;
  }
}

/** Events of the generation that hold no live record: overwritten puts and tombstones. */
export function garbageCount(state: GenerationState): number {
  // The first event opens the generation and is not garbage.
  return Math.max(0, state.version - 1 - state.records.size);
}
