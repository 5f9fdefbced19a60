import {
  AgenticFlowError,
  type AgenticFlowErrorOptions,
  hasErrorCode,
} from './agenticflow-error.js';

/** One problem found while validating input. */
export interface ValidationIssue {
  /** Where the problem is, as a list of keys and indexes from the root of the input. */
  readonly path: ReadonlyArray<string | number>;
  /** What is wrong and, where it helps, what to do. */
  readonly message: string;
}

/** Input failed validation. `issues` lists every problem found, not just the first. */
export class ValidationError extends AgenticFlowError {
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    issues: readonly ValidationIssue[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super('VALIDATION_FAILED', `${message}: ${formatIssues(issues)}`, {
      ...options,
      details: { ...options.details, issues },
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }

  static is(value: unknown): value is ValidationError {
    return hasErrorCode(value, 'VALIDATION_FAILED');
  }
}

const MAX_LISTED_ISSUES = 5;

function formatIssues(issues: readonly ValidationIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const where = issue.path.length === 0 ? '(root)' : issue.path.join('.');
    return `${where}: ${issue.message}`;
  });
  const more =
    issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : '';
  return listed.join('; ') + more;
}

/** An append's `expectedVersion` did not match the stream. Nothing was written. */
export class ExpectedVersionConflictError extends AgenticFlowError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | string,
    readonly actualVersion: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'EXPECTED_VERSION_CONFLICT',
      `expectedVersion ${String(expectedVersion)} but stream ${streamId} is at ${actualVersion === 0 ? '0 (no stream)' : actualVersion}: re-read the stream and retry`,
      { ...options, details: { ...options.details, streamId, expectedVersion, actualVersion } },
    );
    this.name = 'ExpectedVersionConflictError';
  }

  static is(value: unknown): value is ExpectedVersionConflictError {
    return hasErrorCode(value, 'EXPECTED_VERSION_CONFLICT');
  }
}

/**
 * An event id is already stored, but not as the same batch on the same stream. A retry must resend
 * exactly the batch it sent first.
 */
export class IdempotencyConflictError extends AgenticFlowError {
  constructor(
    message: string,
    details: Record<string, unknown>,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('IDEMPOTENCY_CONFLICT', message, {
      ...options,
      details: { ...options.details, ...details },
    });
    this.name = 'IdempotencyConflictError';
  }

  static is(value: unknown): value is IdempotencyConflictError {
    return hasErrorCode(value, 'IDEMPOTENCY_CONFLICT');
  }
}

/** An event or a bus message is larger than the configured limit. Nothing was written or sent. */
export class PayloadTooLargeError extends AgenticFlowError {
  constructor(
    readonly kind: 'event' | 'message' | 'snapshot',
    readonly bytes: number,
    readonly limit: number,
    where: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'PAYLOAD_TOO_LARGE',
      `${kind} ${where} is ${bytes} bytes, over the limit of ${limit} bytes: store large content elsewhere and reference it, or raise the limit`,
      { ...options, details: { ...options.details, kind, bytes, limit, where } },
    );
    this.name = 'PayloadTooLargeError';
  }

  static is(value: unknown): value is PayloadTooLargeError {
    return hasErrorCode(value, 'PAYLOAD_TOO_LARGE');
  }
}

/** The stream was deleted; its id cannot be used again. */
export class StreamDeletedError extends AgenticFlowError {
  constructor(
    readonly streamId: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'STREAM_DELETED',
      `stream ${streamId} was deleted and cannot be appended to: use a new stream id`,
      {
        ...options,
        details: { ...options.details, streamId },
      },
    );
    this.name = 'StreamDeletedError';
  }

  static is(value: unknown): value is StreamDeletedError {
    return hasErrorCode(value, 'STREAM_DELETED');
  }
}

/** A backend could not be reached or the connection dropped. Retrying may succeed. */
export class ConnectionFailedError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('CONNECTION_FAILED', message, { retryable: true, ...options });
    this.name = 'ConnectionFailedError';
  }

  static is(value: unknown): value is ConnectionFailedError {
    return hasErrorCode(value, 'CONNECTION_FAILED');
  }
}

/** An operation did not finish in time. */
export class TimeoutError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('TIMEOUT', message, { retryable: true, ...options });
    this.name = 'TimeoutError';
  }

  static is(value: unknown): value is TimeoutError {
    return hasErrorCode(value, 'TIMEOUT');
  }
}

/** The store, bus or subscription was closed. */
export class ClosedError extends AgenticFlowError {
  constructor(what: string, options: AgenticFlowErrorOptions = {}) {
    super('CLOSED', `${what} is closed: create a new one`, options);
    this.name = 'ClosedError';
  }

  static is(value: unknown): value is ClosedError {
    return hasErrorCode(value, 'CLOSED');
  }
}

/** The operation was aborted through its `AbortSignal`. */
export class AbortedError extends AgenticFlowError {
  constructor(message = 'the operation was aborted', options: AgenticFlowErrorOptions = {}) {
    super('ABORTED', message, options);
    this.name = 'AbortedError';
  }

  static is(value: unknown): value is AbortedError {
    return hasErrorCode(value, 'ABORTED');
  }
}

/** Options or configuration are invalid. */
export class ConfigurationError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('INVALID_CONFIGURATION', message, options);
    this.name = 'ConfigurationError';
  }

  static is(value: unknown): value is ConfigurationError {
    return hasErrorCode(value, 'INVALID_CONFIGURATION');
  }
}

/** Something required does not exist. */
export class NotFoundError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('NOT_FOUND', message, options);
    this.name = 'NotFoundError';
  }

  static is(value: unknown): value is NotFoundError {
    return hasErrorCode(value, 'NOT_FOUND');
  }
}
