/**
 * The error codes defined by `@agenticflow/tools`. Besides these, the package throws core's
 * `VALIDATION_FAILED` (input or output that breaks a schema), `TIMEOUT`, `ABORTED`,
 * `INVALID_CONFIGURATION`, `NOT_FOUND` and `CLOSED`.
 */
export const ToolErrorCodes = {
  /** No tool with that name is registered. */
  TOOL_NOT_FOUND: 'TOOL_NOT_FOUND',
  /** A tool with that name (or model-facing name) is already registered. */
  DUPLICATE_TOOL: 'DUPLICATE_TOOL',
  /** The caller lacks a grant the call needs; `details.missing` lists them. */
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  /** The call needs a person's approval of these exact arguments first. */
  APPROVAL_REQUIRED: 'APPROVAL_REQUIRED',
  /** A person rejected the call with these exact arguments. */
  APPROVAL_REJECTED: 'APPROVAL_REJECTED',
  /** The tool's own code failed; `cause` holds the original error. */
  TOOL_FAILED: 'TOOL_FAILED',
  /** A path escapes the filesystem tool's root, or is malformed. */
  PATH_DENIED: 'PATH_DENIED',
  /** A size quota of a built-in tool would be exceeded. */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /** A URL is not allowed: scheme, credentials, port or host outside the allowlist. */
  URL_DENIED: 'URL_DENIED',
  /** A host resolves to (or is) a private, loopback, link-local, metadata or reserved address. */
  ADDRESS_BLOCKED: 'ADDRESS_BLOCKED',
  /** Sandboxed code failed to compile or threw. */
  SANDBOX_CODE_ERROR: 'SANDBOX_CODE_ERROR',
  /** Sandboxed code used more memory than the isolate's limit; the isolate was discarded. */
  SANDBOX_MEMORY_LIMIT: 'SANDBOX_MEMORY_LIMIT',
  /** Sandboxed code returned a result larger than the output cap. */
  SANDBOX_OUTPUT_TOO_LARGE: 'SANDBOX_OUTPUT_TOO_LARGE',
  /** The sandbox (isolate or supervised child process) died; retrying may succeed. */
  SANDBOX_CRASHED: 'SANDBOX_CRASHED',
  /** Too many sandbox runs are queued; retry later. */
  SANDBOX_BUSY: 'SANDBOX_BUSY',
} as const;

/** A code defined by `@agenticflow/tools`. */
export type ToolErrorCode = (typeof ToolErrorCodes)[keyof typeof ToolErrorCodes];
