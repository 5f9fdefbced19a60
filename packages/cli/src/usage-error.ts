import { AgenticFlowError, type AgenticFlowErrorOptions } from '@agenticflow/core';

/** Exit codes of the `agenticflow` binary. */
export const ExitCodes = {
  /** The command did what it was asked. */
  ok: 0,
  /** The command ran and failed: a run failed, a store was unreachable, a check did not pass. */
  failure: 1,
  /** The command was not understood: an unknown flag, a bad value, an invalid config file. */
  usage: 2,
} as const;

/**
 * A mistake in how the command was called or configured (a flag, a config key, an environment
 * variable). The binary prints its message and exits with {@link ExitCodes.usage}.
 */
export class UsageError extends AgenticFlowError {
  constructor(
    message: string,
    options: AgenticFlowErrorOptions & {
      readonly code?: 'INVALID_USAGE' | 'INVALID_CONFIGURATION';
    } = {},
  ) {
    super(options.code ?? 'INVALID_USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** Whether `error` is a {@link UsageError} (by name, so it holds across module copies). */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  return isUsageError(error) ? ExitCodes.usage : ExitCodes.failure;
}
