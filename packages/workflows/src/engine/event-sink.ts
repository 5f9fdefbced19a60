import type { EventMetadata, NewEvent } from '@agenticflow/core';
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
  ) {}

  push(type: string, data: unknown, metadata?: EventMetadata): void {
    // No id: the store assigns one. The append's expectedVersion already makes a retry safe.
    const event: NewEvent = metadata ? { type, data, metadata } : { type, data };
    this.events.push(event);
    applyRunEvent(this.state, { type, data, time: this.time, version: this.state.version + 1 });
    const stepId = (data as { stepId?: unknown } | null)?.stepId;
    if (typeof stepId === 'string') this.touched.push(stepId);
  }
}
