import type { EventMetadata, EventStore } from '@agenticflow/core';
import type { ToolCaller } from '../tool-types.js';

/**
 * What the caller of {@link ToolExecutor.execute} passes with each call. A workflow step or agent
 * passes its run's store and stream, so the `tool.*` events sit beside the run's other events.
 */
export interface ToolCallContext {
  /** Who calls: their id is recorded, their grants are checked. */
  readonly caller: ToolCaller;
  /** Where `tool.*` events are appended and approvals are read. Without it nothing is recorded. */
  readonly store?: EventStore;
  /** The stream for `tool.*` events, such as the run's `run-<id>`. Required with `store`. */
  readonly streamId?: string;
  /** Aborts the call: it fails with `ABORTED` and the tool's signal aborts. */
  readonly signal?: AbortSignal;
  /** Handed to the tool for side effects; a retried workflow step passes the same key. */
  readonly idempotencyKey?: string;
  /** Id of this call, such as the model's tool-call id. @defaultValue a new UUIDv7 */
  readonly callId?: string;
  /** Metadata for the recorded events (correlation id, tenant, trace context). */
  readonly metadata?: EventMetadata;
}

/** What a successful call returns. */
export interface ToolCallResult<Output = unknown> {
  readonly callId: string;
  /** The tool's full name. */
  readonly tool: string;
  /** The validated output, complete. */
  readonly output: Output;
  /**
   * What the model should see: `output` as text (JSON unless it is a string), capped at the
   * result size limit and then ending with a truncation marker.
   */
  readonly content: string;
  /** Whether `content` was cut. */
  readonly truncated: boolean;
  /** UTF-8 length of the full content before capping. */
  readonly bytes: number;
  /** Milliseconds from the call to its result. */
  readonly durationMs: number;
}
