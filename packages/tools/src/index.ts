// Tools and the registry

// Permissions and approvals
export {
  type ApprovalState,
  listPendingApprovals,
  type PendingApproval,
  readApprovalState,
} from './approvals/approval-state.js';
export {
  approveToolCall,
  rejectToolCall,
  type ToolCallDecision,
} from './approvals/decide-tool-call.js';
// Built-in tools
export { type CodeToolOptions, type CodeToolOutput, createCodeTool } from './builtins/code-tool.js';
export { createExecTool, type ExecCommand, type ExecToolOptions } from './builtins/exec-tool.js';
export { FileJail } from './builtins/fs/file-jail.js';
export {
  createFileSystemTools,
  type FileSystemToolsOptions,
} from './builtins/fs/filesystem-tools.js';
export { type AddressGuardOptions, blockedRangeOf } from './builtins/http/address-guard.js';
export { createHttpFetchTool, type HttpFetchToolOptions } from './builtins/http/http-fetch-tool.js';
export { formatIpAddress, type IpAddress, parseIpAddress } from './builtins/http/ip-address.js';
export type {
  Connector,
  ConnectTarget,
  HostResolver,
  ResolvedAddress,
} from './builtins/http/pinned-connection.js';
export type { UrlPolicyOptions } from './builtins/http/url-policy.js';
export {
  createSqlTool,
  quoteIdentifier,
  type SqlConnection,
  type SqlPool,
  type SqlQueryResult,
  type SqlToolOptions,
} from './builtins/sql-tool.js';
export {
  defineTool,
  MAX_TOOL_NAME_LENGTH,
  type ToolConfigWithOutput,
  type ToolConfigWithoutOutput,
} from './define-tool.js';
// Errors
export {
  AddressBlockedError,
  PathDeniedError,
  QuotaExceededError,
  UrlDeniedError,
} from './errors/builtin-errors.js';
export {
  SandboxBusyError,
  SandboxCodeError,
  SandboxCrashedError,
  SandboxMemoryLimitError,
  SandboxOutputTooLargeError,
} from './errors/sandbox-errors.js';
export { type ToolErrorCode, ToolErrorCodes } from './errors/tool-error-codes.js';
export {
  ApprovalRejectedError,
  ApprovalRequiredError,
  DuplicateToolError,
  PermissionDeniedError,
  ToolExecutionError,
  ToolNotFoundError,
} from './errors/tool-errors.js';
// Events
export {
  TOOL_CALL_PHASES,
  ToolApprovalRequested,
  type ToolApprovalRequestedData,
  ToolApproved,
  ToolCalled,
  type ToolCalledData,
  type ToolCallPhase,
  type ToolDecisionData,
  type ToolEventDefinition,
  ToolFailed,
  type ToolFailedData,
  ToolRejected,
  ToolSucceeded,
  type ToolSucceededData,
} from './events/tool-events.js';
// Executor
export type { ToolCallContext, ToolCallResult } from './executor/tool-call-context.js';
export {
  createToolExecutor,
  ToolExecutor,
  type ToolExecutorOptions,
} from './executor/tool-executor.js';
// MCP
export {
  connectMcpServer,
  type McpServerOptions,
  type McpToolInfo,
  type McpToolSource,
  type McpTransportOptions,
} from './mcp/mcp-tool-source.js';
export { type ParsedGrant, parseGrant } from './permissions/grant.js';
export { PermissionSet } from './permissions/permission-set.js';
// Sandbox
export { createSandbox } from './sandbox/create-sandbox.js';
export {
  defineHostFunction,
  type HostFunction,
  type HostFunctionConfig,
  type HostFunctionContext,
  type HostFunctions,
} from './sandbox/host-function.js';
export { InProcessSandbox, MAX_CODE_LENGTH } from './sandbox/in-process-sandbox.js';
export { nodeSnapshotDisabled } from './sandbox/load-isolated-vm.js';
export type {
  Sandbox,
  SandboxOptions,
  SandboxRunOptions,
  SandboxRunResult,
} from './sandbox/sandbox-types.js';
export { defineSandboxedTool, type SandboxedToolConfig } from './sandbox/sandboxed-tool.js';
export { SupervisedSandbox } from './sandbox/supervised/supervised-sandbox.js';
export {
  type ModelToolDescription,
  modelToolName,
  type RegisterToolOptions,
  ToolRegistry,
} from './tool-registry.js';
export type {
  ApprovalContext,
  ApprovalPolicy,
  JsonSchema,
  Tool,
  ToolCaller,
  ToolContext,
} from './tool-types.js';
export { argumentsHash, canonicalJson } from './util/canonical-json.js';
