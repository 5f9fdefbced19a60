import type { EventMetadata, NewEvent } from '@agenticflow/core';
import { applyRunEvent, type FoldableEvent } from '../state/apply-run-event.js';
import type { RunState } from '../state/run-state.js';

/**
 * Collects the events of one append and folds each into the run state as it is added, so every
 * later decision in the same flush sees it. If the append fails, the caller reloads the state.
 */
export class EventSink {
  readonly events: NewEvent[] = [];
  /** Step ids whose state changed, in order (duplicates allowed). */
  readonly touched: string[] = [];
  /** Reused for every event folded: the fold reads it and keeps nothing of it. */
  private readonly folded: { -readonly [K in keyof FoldableEvent]: FoldableEvent[K] };

  constructor(
    readonly state: RunState,
    time: string,
  ) {
    this.folded = { type: '', data: null, time, version: 0 };
  }

  push(type: string, data: unknown, metadata?: EventMetadata): void {
    // No id: the store assigns one. The append's expectedVersion already makes a retry safe.
    const event: NewEvent = metadata ? { type, data, metadata } : { type, data };
    this.events.push(event);
    const folded = this.folded;
    folded.type = type;
    folded.data = data;
    folded.version = this.state.version + 1;
    applyRunEvent(this.state, folded);
    const stepId = (data as { stepId?: unknown } | null)?.stepId;
    if (typeof stepId === 'string') this.touched.push(stepId);
  }
}
