import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/**
 * The error codes defined by the memory area of `@agenticflow/agents`. Besides these, memory
 * throws core's `VALIDATION_FAILED` (a bad namespace, key, value or option) and any error of the
 * underlying event store.
 */
export const MemoryErrorCodes = {
  /** A write's `expectedRevision` did not match the record; nothing was written. */
  MEMORY_REVISION_CONFLICT: 'MEMORY_REVISION_CONFLICT',
  /** A record names an encryption key the key ring does not have (deleted, or never added). */
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  /** A sealed record is malformed, tampered with, or bound to another identity. */
  DECRYPTION_FAILED: 'DECRYPTION_FAILED',
  /** A namespace kept changing under a write through every retry; retrying later may succeed. */
  MEMORY_CONTENDED: 'MEMORY_CONTENDED',
  /** An encryption key or key id is malformed (a key must be exactly 32 bytes). */
  INVALID_ENCRYPTION_KEY: 'INVALID_ENCRYPTION_KEY',
} as const;

/** A code defined by the memory area. */
export type MemoryErrorCode = (typeof MemoryErrorCodes)[keyof typeof MemoryErrorCodes];

/** A write's `expectedRevision` did not match the stored record. Nothing was written. */
export class MemoryRevisionConflictError extends AgenticFlowError {
  constructor(
    readonly namespace: string,
    readonly key: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    const actual = actualRevision === 0 ? '0 (no record)' : String(actualRevision);
    super(
      'MEMORY_REVISION_CONFLICT',
      `expectedRevision ${expectedRevision} but memory record ${JSON.stringify(key)} in namespace ${JSON.stringify(namespace)} is at revision ${actual}: read it again and retry`,
      {
        ...options,
        details: { ...options.details, namespace, key, expectedRevision, actualRevision },
      },
    );
    this.name = 'MemoryRevisionConflictError';
  }

  static is(value: unknown): value is MemoryRevisionConflictError {
    return hasErrorCode(value, 'MEMORY_REVISION_CONFLICT');
  }
}

/** A namespace of an event-store-backed memory changed under a write through every retry. */
export class MemoryContendedError extends AgenticFlowError {
  constructor(
    readonly namespace: string,
    attempts: number,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'MEMORY_CONTENDED',
      `memory namespace ${JSON.stringify(namespace)} changed under this write ${attempts} times in a row: too many concurrent writers; retry later or raise maxAttempts`,
      { retryable: true, ...options, details: { ...options.details, namespace, attempts } },
    );
    this.name = 'MemoryContendedError';
  }

  static is(value: unknown): value is MemoryContendedError {
    return hasErrorCode(value, 'MEMORY_CONTENDED');
  }
}

/** A sealed record names a key id the key ring does not hold. */
export class KeyNotFoundError extends AgenticFlowError {
  constructor(
    readonly keyId: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'KEY_NOT_FOUND',
      `encryption key ${JSON.stringify(keyId)} is not in the key ring: records sealed with it stay unreadable unless the key is added back (it was deleted, or this ring was built without it)`,
      { ...options, details: { ...options.details, keyId } },
    );
    this.name = 'KeyNotFoundError';
  }

  static is(value: unknown): value is KeyNotFoundError {
    return hasErrorCode(value, 'KEY_NOT_FOUND');
  }
}

/**
 * A sealed record could not be opened: its bytes are malformed or were changed, it was sealed for
 * another namespace or key, or the key ring's key does not match. No plaintext is returned.
 */
export class DecryptionFailedError extends AgenticFlowError {
  constructor(
    reason: string,
    details: Record<string, unknown>,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('DECRYPTION_FAILED', `cannot decrypt memory record: ${reason}`, {
      ...options,
      details: { ...options.details, ...details, reason },
    });
    this.name = 'DecryptionFailedError';
  }

  static is(value: unknown): value is DecryptionFailedError {
    return hasErrorCode(value, 'DECRYPTION_FAILED');
  }
}

/** An encryption key or key id given to a key ring is malformed. */
export class InvalidEncryptionKeyError extends AgenticFlowError {
  constructor(message: string, details: Record<string, unknown>) {
    super('INVALID_ENCRYPTION_KEY', message, { details });
    this.name = 'InvalidEncryptionKeyError';
  }

  static is(value: unknown): value is InvalidEncryptionKeyError {
    return hasErrorCode(value, 'INVALID_ENCRYPTION_KEY');
  }
}
