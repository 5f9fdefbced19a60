import type { EventMetadata, IdGenerator, NewEvent } from '@agenticflow/core';
import { applyRunEvent } from '../state/apply-run-event.js';
import type { RunState } from '../state/run-state.js';

/**
 * Collects the events of one append and folds each into the run state as it is added, so every
 * later decision in the same flush sees it. If the append fails, the caller reloads the state.
 */
export class EventSink {
  readonly events: NewEvent[] = [];
  /** Step ids whose state changed, in order (duplicates allowed). */
  readonly touched: string[] = [];
  /** Callbacks to run once the events are stored. */
  readonly onCommitted: Array<() => void> = [];

  constructor(
    readonly state: RunState,
    private readonly time: string,
    private readonly newId: IdGenerator,
  ) {}

  push(type: string, data: unknown, metadata?: EventMetadata): void {
    const event: NewEvent = metadata
      ? { id: this.newId(), type, data, metadata }
      : { id: this.newId(), type, data };
    this.events.push(event);
    applyRunEvent(this.state, { type, data, time: this.time, version: this.state.version + 1 });
    const stepId = (data as { stepId?: unknown } | null)?.stepId;
    if (typeof stepId === 'string') this.touched.push(stepId);
  }
}
