import {
  type AgenticEvent,
  type CreateEventOptions,
  type JsonValue,
  type NewEvent,
  newId,
  type SerializedError,
} from '@agenticflow/core';

/** The phases of a tool call, in order; a `tool.failed` event names the one it failed in. */
export const TOOL_CALL_PHASES = [
  'lookup',
  'validation',
  'authorization',
  'approval',
  'execution',
  'output',
] as const;
/** The phase of a tool call in which it failed. */
export type ToolCallPhase = (typeof TOOL_CALL_PHASES)[number];

/**
 * A `tool.*` event type: builds new events and narrows stored ones. (Like core's `defineEvent`,
 * without a runtime schema: the executor builds these events itself.)
 */
export interface ToolEventDefinition<Type extends string, Data> {
  readonly type: Type;
  create(data: Data, options?: CreateEventOptions): NewEvent<Type, Data>;
  is(event: AgenticEvent): event is AgenticEvent<Type, Data>;
}

function toolEvent<Type extends string, Data>(type: Type): ToolEventDefinition<Type, Data> {
  return {
    type,
    create: (data, options = {}) => ({
      id: options.id ?? newId(),
      type,
      data,
      ...(options.metadata ? { metadata: options.metadata } : {}),
    }),
    is: (event): event is AgenticEvent<Type, Data> => event.type === type,
  };
}

/** Data of `tool.called`. */
export interface ToolCalledData {
  readonly callId: string;
  readonly tool: string;
  readonly caller: string;
  /** The arguments as received (a preview when over the recording cap). */
  readonly input: JsonValue;
  /** SHA-256 of the canonical JSON of `{ tool, input }`: what approvals bind to. */
  readonly argsHash: string;
  readonly idempotencyKey: string;
}

/** Data of `tool.succeeded`. */
export interface ToolSucceededData {
  readonly callId: string;
  readonly tool: string;
  readonly durationMs: number;
  /** What the model saw: capped, with a truncation marker. */
  readonly content: string;
  readonly truncated: boolean;
  /** UTF-8 length of the full result before capping. */
  readonly bytes: number;
}

/** Data of `tool.failed`. */
export interface ToolFailedData {
  readonly callId: string;
  readonly tool: string;
  readonly durationMs: number;
  readonly phase: ToolCallPhase;
  readonly error: SerializedError;
}

/** Data of `tool.approval_requested`. */
export interface ToolApprovalRequestedData {
  readonly callId: string;
  readonly tool: string;
  readonly argsHash: string;
  readonly input: JsonValue;
  readonly caller: string;
}

/** Data of `tool.approved` and `tool.rejected`. */
export interface ToolDecisionData {
  readonly tool: string;
  readonly argsHash: string;
  /** Who decided: a user id. */
  readonly by: string;
  readonly reason?: string;
}

/** A tool call began: recorded before anything is validated or run. */
export const ToolCalled = toolEvent<'tool.called', ToolCalledData>('tool.called');
/** A tool call returned; `content` is what the model sees. */
export const ToolSucceeded = toolEvent<'tool.succeeded', ToolSucceededData>('tool.succeeded');
/** A tool call failed in `phase` with `error` (a serialized `AgenticFlowError`). */
export const ToolFailed = toolEvent<'tool.failed', ToolFailedData>('tool.failed');
/** A call needs a person's approval of these exact arguments. */
export const ToolApprovalRequested = toolEvent<
  'tool.approval_requested',
  ToolApprovalRequestedData
>('tool.approval_requested');
/** A person approved calls of `tool` with the arguments whose hash is `argsHash`. */
export const ToolApproved = toolEvent<'tool.approved', ToolDecisionData>('tool.approved');
/** A person rejected calls of `tool` with the arguments whose hash is `argsHash`. */
export const ToolRejected = toolEvent<'tool.rejected', ToolDecisionData>('tool.rejected');
