export {
  AgentAlreadyHostedError,
  AgentFatalError,
  AgentNotFoundError,
  AgentNotReadyError,
  InvalidTransitionError,
  type RecordedError,
  TransitionRejectedError,
} from './agent-errors.js';
export {
  type AgentLifecycleEvent,
  type AgentState,
  type AgentStatus,
  agentLifecycle,
  agentStreamId,
} from './agent-lifecycle.js';
export {
  type AgentRuntime,
  type AgentRuntimeOptions,
  createAgentRuntime,
  type RuntimeMessage,
} from './agent-runtime.js';
export {
  type AgentConfig,
  type AgentContext,
  type AgentDefinition,
  type AgentHandler,
  type AgentOutgoing,
  defineAgent,
} from './define-agent.js';
export {
  defineStateMachine,
  type EventsOf,
  type StateMachine,
  type StateMachineConfig,
  type StatesOf,
  type TransitionGuard,
  type TransitionInput,
  type TransitionRecord,
  type TransitionTable,
} from './define-state-machine.js';
export {
  type MachineContext,
  type OpenStateMachineOptions,
  openStateMachine,
  type PersistedStateMachine,
  type SendTransitionOptions,
} from './open-state-machine.js';
export { readAgentState } from './read-agent-state.js';
export type { AgentTarget } from './resolve-target.js';
