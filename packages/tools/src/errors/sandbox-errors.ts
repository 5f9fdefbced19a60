import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** Sandboxed code failed to compile or threw; `details` has the error's name and message. */
export class SandboxCodeError extends AgenticFlowError {
  constructor(
    readonly errorName: string,
    readonly errorMessage: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'SANDBOX_CODE_ERROR',
      `sandboxed code threw ${errorName}: ${errorMessage}: fix the code and run it again`,
      { ...options, details: { ...options.details, name: errorName, message: errorMessage } },
    );
    this.name = 'SandboxCodeError';
  }

  static is(value: unknown): value is SandboxCodeError {
    return hasErrorCode(value, 'SANDBOX_CODE_ERROR');
  }
}

/** Sandboxed code exceeded the isolate's memory limit; the isolate was discarded. */
export class SandboxMemoryLimitError extends AgenticFlowError {
  constructor(
    readonly memoryLimitMb: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'SANDBOX_MEMORY_LIMIT',
      `sandboxed code used more than the memory limit of ${memoryLimitMb} MB: use less memory or raise memoryLimitMb`,
      { ...options, details: { ...options.details, memoryLimitMb } },
    );
    this.name = 'SandboxMemoryLimitError';
  }

  static is(value: unknown): value is SandboxMemoryLimitError {
    return hasErrorCode(value, 'SANDBOX_MEMORY_LIMIT');
  }
}

/** Sandboxed code returned a result whose JSON is larger than the output cap. */
export class SandboxOutputTooLargeError extends AgenticFlowError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'SANDBOX_OUTPUT_TOO_LARGE',
      `sandboxed code returned at least ${bytes} bytes of JSON, over the cap of ${limit} bytes: return less (a summary, a page) or raise maxOutputBytes`,
      { ...options, details: { ...options.details, bytes, limit } },
    );
    this.name = 'SandboxOutputTooLargeError';
  }

  static is(value: unknown): value is SandboxOutputTooLargeError {
    return hasErrorCode(value, 'SANDBOX_OUTPUT_TOO_LARGE');
  }
}

/** The isolate or the supervised child process died during the run. Retrying may succeed. */
export class SandboxCrashedError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('SANDBOX_CRASHED', message, { retryable: true, ...options });
    this.name = 'SandboxCrashedError';
  }

  static is(value: unknown): value is SandboxCrashedError {
    return hasErrorCode(value, 'SANDBOX_CRASHED');
  }
}

/** Too many runs are waiting for an isolate. Retrying later may succeed. */
export class SandboxBusyError extends AgenticFlowError {
  constructor(
    readonly queued: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'SANDBOX_BUSY',
      `${queued} sandbox runs are already waiting, the most allowed (maxQueue): retry later or raise maxQueue or poolSize`,
      { retryable: true, ...options, details: { ...options.details, queued } },
    );
    this.name = 'SandboxBusyError';
  }

  static is(value: unknown): value is SandboxBusyError {
    return hasErrorCode(value, 'SANDBOX_BUSY');
  }
}
