import {
  type AgenticFlowError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type SerializedError,
  serializeError,
} from '@agenticflow/core';
import {
  ToolApprovalRequested,
  ToolCalled,
  type ToolCallPhase,
  ToolFailed,
  ToolSucceeded,
} from '../events/tool-events.js';
import { toRecordable } from '../util/recordable.js';

/** Appends one call's `tool.*` events to the caller's stream. */
export class ToolCallRecorder {
  constructor(
    private readonly store: EventStore,
    private readonly streamId: string,
    private readonly metadata: EventMetadata,
    private readonly maxRecordedBytes: number,
  ) {}

  called(data: {
    callId: string;
    tool: string;
    caller: string;
    input: unknown;
    argsHash: string;
    idempotencyKey: string;
  }): Promise<unknown> {
    const input = toRecordable(data.input, this.maxRecordedBytes);
    return this.append(ToolCalled.create({ ...data, input }, { metadata: this.metadata }));
  }

  approvalRequested(data: {
    callId: string;
    tool: string;
    argsHash: string;
    input: unknown;
    caller: string;
  }): Promise<unknown> {
    const input = toRecordable(data.input, this.maxRecordedBytes);
    return this.append(
      ToolApprovalRequested.create({ ...data, input }, { metadata: this.metadata }),
    );
  }

  succeeded(data: {
    callId: string;
    tool: string;
    durationMs: number;
    content: string;
    truncated: boolean;
    bytes: number;
  }): Promise<unknown> {
    const content = toRecordable(data.content, this.maxRecordedBytes * 2);
    return this.append(
      ToolSucceeded.create(
        { ...data, content: typeof content === 'string' ? content : JSON.stringify(content) },
        { metadata: this.metadata },
      ),
    );
  }

  failed(data: {
    callId: string;
    tool: string;
    durationMs: number;
    phase: ToolCallPhase;
    error: AgenticFlowError;
  }): Promise<unknown> {
    const serialized = serializeError(data.error);
    let error = toRecordable(serialized, this.maxRecordedBytes) as unknown as SerializedError;
    if (typeof error?.code !== 'string') {
      const { name, code, retryable } = serialized;
      const message = serialized.message.slice(0, 4_000);
      error = toRecordable(
        { name, code, message, retryable },
        Number.MAX_SAFE_INTEGER,
      ) as unknown as SerializedError;
    }
    return this.append(ToolFailed.create({ ...data, error }, { metadata: this.metadata }));
  }

  private append(event: NewEvent): Promise<unknown> {
    return this.store.append(this.streamId, [event]);
  }
}
