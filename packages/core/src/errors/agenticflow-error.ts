import type { ErrorCode } from './error-codes.js';

const BRAND = Symbol.for('agenticflow.error');

/** Options accepted by every {@link AgenticFlowError}. */
export interface AgenticFlowErrorOptions {
  /** Structured facts about the failure (values, ids, limits). Must be JSON-safe. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying error, if any. */
  readonly cause?: unknown;
  /**
   * Whether calling the same operation again, unchanged, may succeed.
   * @defaultValue false
   */
  readonly retryable?: boolean;
}

/** The JSON form of an error, safe to store in an event or send over a bus. */
export interface SerializedError {
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: SerializedError;
}

/**
 * The one error type of AgenticFlow. Every failure thrown by a library carries a `code`, a
 * `retryable` flag, structured `details` and the original `cause`.
 *
 * Check errors with {@link isAgenticFlowError} or {@link hasErrorCode}, never with `instanceof`:
 * two copies of core in one process would make `instanceof` lie.
 *
 * @example
 * ```ts
 * try { await store.append('run-1', events, { expectedVersion: 3 }); }
 * catch (error) {
 *   if (hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')) { ...re-read and decide again... }
 *   else throw error;
 * }
 * ```
 */
export class AgenticFlowError extends Error {
  /** Stable identifier of the failure kind. */
  readonly code: ErrorCode;
  /** Whether the same call may succeed if made again. */
  readonly retryable: boolean;
  /** Structured facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: AgenticFlowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgenticFlowError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** The JSON form of this error (see {@link serializeError}). */
  toJSON(): SerializedError {
    return serializeError(this);
  }
}

/** True when `value` is an {@link AgenticFlowError} from any copy of core. */
export function isAgenticFlowError(value: unknown): value is AgenticFlowError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true
  );
}

/** True when `value` is an {@link AgenticFlowError} with the given code. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is AgenticFlowError {
  return isAgenticFlowError(value) && value.code === code;
}

/** True when `value` is an {@link AgenticFlowError} marked retryable. */
export function isRetryableError(value: unknown): boolean {
  return isAgenticFlowError(value) && value.retryable;
}

const MAX_CAUSE_DEPTH = 5;

/**
 * Turns any thrown value into a {@link SerializedError}. Non-AgenticFlow errors get the code
 * `INTERNAL`; their message is kept, their stack is not.
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const nested =
    cause !== undefined && depth < MAX_CAUSE_DEPTH ? serializeError(cause, depth + 1) : undefined;
  if (isAgenticFlowError(error)) {
    return {
      name: error.name,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
      ...(nested ? { cause: nested } : {}),
    };
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      code: 'INTERNAL',
      message: error.message,
      retryable: false,
      ...(nested ? { cause: nested } : {}),
    };
  }
  return { name: 'Error', code: 'INTERNAL', message: String(error), retryable: false };
}

/** Rebuilds an {@link AgenticFlowError} from its serialized form (for example, a dead letter). */
export function deserializeError(serialized: SerializedError): AgenticFlowError {
  const error = new AgenticFlowError(serialized.code, serialized.message, {
    retryable: serialized.retryable,
    ...(serialized.details ? { details: serialized.details } : {}),
    ...(serialized.cause ? { cause: deserializeError(serialized.cause) } : {}),
  });
  error.name = serialized.name;
  return error;
}

/**
 * Wraps any thrown value so library code only ever throws {@link AgenticFlowError}s. Values that
 * already are one are returned unchanged.
 */
export function toAgenticFlowError(
  error: unknown,
  code: ErrorCode = 'INTERNAL',
  message?: string,
): AgenticFlowError {
  if (isAgenticFlowError(error)) return error;
  const text = message ?? (error instanceof Error ? error.message : String(error));
  return new AgenticFlowError(code, text, { cause: error });
}
