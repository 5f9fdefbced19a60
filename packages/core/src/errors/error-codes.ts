/**
 * The error codes defined by `@agenticflow/core`. Other packages add their own codes; a code is a
 * stable, upper-case identifier that callers may branch on.
 */
export const CoreErrorCodes = {
  /** Input failed validation; `details.issues` lists every problem. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** An append's `expectedVersion` did not match the stream. */
  EXPECTED_VERSION_CONFLICT: 'EXPECTED_VERSION_CONFLICT',
  /** An event id is already stored in a way that does not match the retried append. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** An event or message is larger than the configured limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The stream was deleted; it cannot be appended to again. */
  STREAM_DELETED: 'STREAM_DELETED',
  /** A backend could not be reached or the connection was lost. */
  CONNECTION_FAILED: 'CONNECTION_FAILED',
  /** An operation did not finish within its time limit. */
  TIMEOUT: 'TIMEOUT',
  /** The component was closed; create a new one. */
  CLOSED: 'CLOSED',
  /** The operation was aborted through an `AbortSignal`. */
  ABORTED: 'ABORTED',
  /** A required thing does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** Options or configuration are invalid. */
  INVALID_CONFIGURATION: 'INVALID_CONFIGURATION',
  /** A failure that no other code describes; `cause` holds the original error. */
  INTERNAL: 'INTERNAL',
} as const;

/** A code defined by core. */
export type CoreErrorCode = (typeof CoreErrorCodes)[keyof typeof CoreErrorCodes];

/** Any error code: core's, or one defined by another package. */
// `string & {}` keeps editor completion for core codes while accepting any other code.
export type ErrorCode = CoreErrorCode | (string & {});
