import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** No tool with the requested name is registered. */
export class ToolNotFoundError extends AgenticFlowError {
  constructor(
    readonly toolName: string,
    similar: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    const hint =
      similar.length > 0
        ? `did you mean ${similar.map((name) => JSON.stringify(name)).join(' or ')}?`
        : 'list the registered tools with registry.list()';
    super('TOOL_NOT_FOUND', `no tool named ${JSON.stringify(toolName)} is registered: ${hint}`, {
      ...options,
      details: { ...options.details, tool: toolName, similar },
    });
    this.name = 'ToolNotFoundError';
  }

  static is(value: unknown): value is ToolNotFoundError {
    return hasErrorCode(value, 'TOOL_NOT_FOUND');
  }
}

/** A tool with the same name, or the same model-facing name, is already registered. */
export class DuplicateToolError extends AgenticFlowError {
  constructor(message: string, details: Record<string, unknown>) {
    super('DUPLICATE_TOOL', message, { details });
    this.name = 'DuplicateToolError';
  }

  static is(value: unknown): value is DuplicateToolError {
    return hasErrorCode(value, 'DUPLICATE_TOOL');
  }
}

/** The caller lacks one or more grants the call needs. Nothing was executed. */
export class PermissionDeniedError extends AgenticFlowError {
  constructor(
    readonly toolName: string,
    readonly callerId: string,
    readonly missing: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    const list = missing.map((grant) => JSON.stringify(grant)).join(', ');
    super(
      'PERMISSION_DENIED',
      `tool ${toolName} needs the grant ${list}, which caller ${JSON.stringify(callerId)} does not have: add ${missing.length > 1 ? 'them' : 'it'} (or a glob covering ${missing.length > 1 ? 'them' : 'it'}) to the caller's grants`,
      { ...options, details: { ...options.details, tool: toolName, caller: callerId, missing } },
    );
    this.name = 'PermissionDeniedError';
  }

  static is(value: unknown): value is PermissionDeniedError {
    return hasErrorCode(value, 'PERMISSION_DENIED');
  }
}

/**
 * The call needs a person's approval of these exact arguments. A `tool.approval_requested` event
 * was recorded; once `approveToolCall` records the approval, the same call goes through.
 */
export class ApprovalRequiredError extends AgenticFlowError {
  constructor(
    readonly toolName: string,
    readonly argsHash: string,
    readonly streamId: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'APPROVAL_REQUIRED',
      `tool ${toolName} needs approval for these arguments (hash ${argsHash.slice(0, 12)}…) on stream ${streamId}: approve it with approveToolCall and call again with the same arguments`,
      { ...options, details: { ...options.details, tool: toolName, argsHash, streamId } },
    );
    this.name = 'ApprovalRequiredError';
  }

  static is(value: unknown): value is ApprovalRequiredError {
    return hasErrorCode(value, 'APPROVAL_REQUIRED');
  }
}

/** A person rejected the call with these exact arguments. */
export class ApprovalRejectedError extends AgenticFlowError {
  constructor(
    readonly toolName: string,
    readonly argsHash: string,
    readonly by: string,
    reason: string | undefined,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'APPROVAL_REJECTED',
      `${JSON.stringify(by)} rejected the call of ${toolName} with these arguments${reason ? ` (${reason})` : ''}: change the arguments or ask again`,
      { ...options, details: { ...options.details, tool: toolName, argsHash, by, reason } },
    );
    this.name = 'ApprovalRejectedError';
  }

  static is(value: unknown): value is ApprovalRejectedError {
    return hasErrorCode(value, 'APPROVAL_REJECTED');
  }
}

/** The tool's own code threw something that is not an `AgenticFlowError`. */
export class ToolExecutionError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('TOOL_FAILED', message, options);
    this.name = 'ToolExecutionError';
  }

  static is(value: unknown): value is ToolExecutionError {
    return hasErrorCode(value, 'TOOL_FAILED');
  }
}
