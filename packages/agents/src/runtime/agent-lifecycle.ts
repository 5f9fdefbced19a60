import type { JsonValue } from '@agenticflow/core';
import type { RecordedError } from './agent-errors.js';
import { defineStateMachine, type TransitionRecord } from './define-state-machine.js';
import type { MachineContext } from './open-state-machine.js';

const needsMessageId = ({ payload }: { payload: JsonValue | undefined }) =>
  typeof (payload as { messageId?: unknown } | undefined)?.messageId === 'string' ||
  'the payload must name the message: { messageId }';

/**
 * The lifecycle of every hosted agent, recorded as `agent.transitioned` events in `agent-<id>`:
 * created → starting → ready ⇄ busy → stopping → stopped, and failed. `interrupt` records that the
 * process hosting a running agent died; a restart then goes failed → starting → ready.
 */
export const agentLifecycle = defineStateMachine({
  name: 'agent.lifecycle',
  initial: 'created',
  eventType: 'agent.transitioned',
  states: {
    created: { start: 'starting' },
    starting: { started: 'ready', fail: 'failed', interrupt: 'failed' },
    ready: { begin: 'busy', stop: 'stopping', fail: 'failed', interrupt: 'failed' },
    busy: { finish: 'ready', fail: 'failed', interrupt: 'failed' },
    stopping: { stopped: 'stopped', fail: 'failed', interrupt: 'failed' },
    stopped: { start: 'starting' },
    failed: { start: 'starting', stop: 'stopping' },
  },
  guards: { begin: needsMessageId, finish: needsMessageId },
});

/** A lifecycle status: `created`, `starting`, `ready`, `busy`, `stopping`, `stopped` or `failed`. */
export type AgentStatus = (typeof agentLifecycle.states)[number];
/** A lifecycle event: `start`, `started`, `begin`, `finish`, `stop`, `stopped`, `fail`, `interrupt`. */
export type AgentLifecycleEvent = (typeof agentLifecycle.events)[number];

/** Statuses a process leaves behind only by dying while hosting the agent. */
export const RUNNING_STATUSES: readonly AgentStatus[] = ['starting', 'ready', 'busy', 'stopping'];

/** An agent's persisted state: its status plus what its lifecycle events recorded. */
export interface AgentState {
  readonly agentId: string;
  readonly status: AgentStatus;
  /** Version of `agent-<id>` this state reflects. */
  readonly version: number;
  /** The agent type, from the last start. */
  readonly type: string | undefined;
  /** The runtime instance that last started it. */
  readonly instanceId: string | undefined;
  /** Messages handled successfully, over every run. */
  readonly handled: number;
  /** Messages whose handler threw, over every run. */
  readonly failedMessages: number;
  /** Sum of handling times of finished messages. */
  readonly totalLatencyMs: number;
  /** The message being handled while `busy` (or when the process died). */
  readonly currentMessage: { readonly id: string; readonly type: string } | undefined;
  readonly lastError: RecordedError | undefined;
  /** Times the agent was started. */
  readonly starts: number;
  /** Times a restart found it left running by a process that died. */
  readonly interruptions: number;
}

/** The part of {@link AgentState} folded from event payloads. */
export type AgentRecordedFacts = Omit<AgentState, 'agentId' | 'status' | 'version'>;

const initialFacts: AgentRecordedFacts = {
  type: undefined,
  instanceId: undefined,
  handled: 0,
  failedMessages: 0,
  totalLatencyMs: 0,
  currentMessage: undefined,
  lastError: undefined,
  starts: 0,
  interruptions: 0,
};

type Payload = Record<string, JsonValue | undefined>;

/** Folds lifecycle payloads into {@link AgentRecordedFacts}. */
export const agentFacts: MachineContext<AgentRecordedFacts, AgentStatus, AgentLifecycleEvent> = {
  initial: initialFacts,
  apply(facts, transition: TransitionRecord<AgentStatus, AgentLifecycleEvent>) {
    const payload = (transition.payload ?? {}) as Payload;
    switch (transition.event) {
      case 'start':
        return {
          ...facts,
          type: typeof payload.type === 'string' ? payload.type : facts.type,
          instanceId: typeof payload.instanceId === 'string' ? payload.instanceId : undefined,
          currentMessage: undefined,
          starts: facts.starts + 1,
        };
      case 'begin':
        return {
          ...facts,
          currentMessage: { id: String(payload.messageId), type: String(payload.type ?? '') },
        };
      case 'finish': {
        const ok = payload.ok === true;
        return {
          ...facts,
          handled: facts.handled + (ok ? 1 : 0),
          failedMessages: facts.failedMessages + (ok ? 0 : 1),
          totalLatencyMs: facts.totalLatencyMs + Number(payload.durationMs ?? 0),
          currentMessage: undefined,
          lastError: ok ? facts.lastError : (payload.error as unknown as RecordedError),
        };
      }
      case 'fail':
        return {
          ...facts,
          failedMessages: facts.failedMessages + (payload.messageId ? 1 : 0),
          lastError: payload.error as unknown as RecordedError,
        };
      case 'interrupt':
        return { ...facts, interruptions: facts.interruptions + 1 };
      default:
        return facts;
    }
  },
};

/** The stream of an agent's lifecycle: `agent-<id>`. */
export function agentStreamId(agentId: string): string {
  return `agent-${agentId}`;
}
