import { type AgenticFlowError, TimeoutError } from '@agenticflow/core';
import { PermissionDeniedError, ToolExecutionError } from '../errors/tool-errors.js';

/**
 * Maps a PostgreSQL error (by SQLSTATE) to an AgenticFlow error: a write in a read-only
 * transaction (25006) or a missing privilege (42501) is `PERMISSION_DENIED`, a statement timeout
 * (57014) is `TIMEOUT`, anything else `TOOL_FAILED` with the SQLSTATE in `details`.
 */
export function classifySqlError(
  error: unknown,
  toolName: string,
  callerId: string,
): AgenticFlowError {
  const sqlstate = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (sqlstate === '25006') {
    return new PermissionDeniedError(toolName, callerId, ['sql:write'], {
      cause: error,
      details: { sqlstate, reason: 'the query tried to write in a read-only transaction' },
    });
  }
  if (sqlstate === '42501') {
    return new PermissionDeniedError(toolName, callerId, ['database privilege'], {
      cause: error,
      details: { sqlstate },
    });
  }
  if (sqlstate === '57014') {
    return new TimeoutError(
      `the query of ${toolName} was cancelled by its statement timeout: narrow it or raise timeoutMs`,
      {
        cause: error,
        details: { sqlstate },
      },
    );
  }
  return new ToolExecutionError(`the query of ${toolName} failed: ${message}`, {
    cause: error,
    details: { ...(typeof sqlstate === 'string' ? { sqlstate } : {}) },
  });
}
