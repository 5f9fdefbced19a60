import {
  type Clock,
  type EventStore,
  type JsonValue,
  otelApi,
  serializeError,
} from '@agenticflow/core';
import type {
  AgentDeliveryContext,
  AgentListener,
  AgentMessage,
  AgentMessenger,
} from '../interaction/agent-messenger.js';
import type { AgentRegistry } from '../registry/agent-registry.js';
import type { RegisteredAgent } from '../registry/registered-agent.js';
import { AgentNotReadyError, type RecordedError } from './agent-errors.js';
import {
  type AgentLifecycleEvent,
  type AgentRecordedFacts,
  type AgentState,
  type AgentStatus,
  agentFacts,
  agentLifecycle,
  agentStreamId,
  RUNNING_STATUSES,
} from './agent-lifecycle.js';
import { invokeWithSpan } from './agent-span.js';
import type { AgentContext, AgentDefinition } from './define-agent.js';
import { openStateMachine, type PersistedStateMachine } from './open-state-machine.js';
import { SerialQueue } from './serial-queue.js';

/** What a host needs from its runtime. */
export interface AgentHostDeps {
  readonly store: EventStore;
  readonly messenger: AgentMessenger;
  readonly registry: AgentRegistry | undefined;
  readonly clock: Clock;
  readonly instanceId: string;
  readonly send: (from: string) => Pick<AgentContext, 'send' | 'request'>;
}

type Lifecycle = PersistedStateMachine<AgentStatus, AgentLifecycleEvent, AgentRecordedFacts>;

/**
 * One hosted agent: serialises its messages and lifecycle changes, records each transition in
 * `agent-<id>`, and keeps the registry's view of it current.
 */
export class AgentHost {
  private readonly queue = new SerialQueue();
  private lifecycle: Lifecycle | undefined;
  private listener: AgentListener | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly agentId: string,
    readonly definition: AgentDefinition,
    private readonly deps: AgentHostDeps,
  ) {}

  get state(): AgentState {
    const lifecycle = this.lifecycle;
    return {
      agentId: this.agentId,
      status: lifecycle?.state ?? 'created',
      version: lifecycle?.version ?? 0,
      ...(lifecycle?.context ?? agentFacts.initial),
    };
  }

  /** Rebuilds the state from the stream, records a crash found there, and starts listening. */
  start(): Promise<AgentState> {
    return this.queue.run(async () => {
      this.lifecycle ??= await openStateMachine(
        this.deps.store,
        agentLifecycle,
        agentStreamId(this.agentId),
        { context: agentFacts },
      );
      await this.lifecycle.refresh();
      const found = this.lifecycle.state;
      if (RUNNING_STATUSES.includes(found)) {
        const messageId = found === 'busy' ? this.lifecycle.context.currentMessage?.id : undefined;
        await this.move('interrupt', {
          previousStatus: found,
          previousInstanceId: this.lifecycle.context.instanceId ?? null,
          ...(messageId ? { messageId } : {}),
        });
      }
      await this.move('start', {
        instanceId: this.deps.instanceId,
        type: this.definition.type,
        capabilities: this.definition.descriptors.map(({ name, version }) => ({ name, version })),
      });
      await this.closing;
      try {
        this.closing = undefined;
        this.listener = await this.deps.messenger.listen(this.agentId, (message, delivery) =>
          this.deliver(message, delivery),
        );
      } catch (error) {
        await this.move('fail', { error: recorded(error) });
        throw error;
      }
      await this.move('started');
      await this.deps.registry?.register({
        agentId: this.agentId,
        type: this.definition.type,
        capabilities: this.definition.descriptors,
        status: 'ready',
        load: this.load(),
        stats: this.stats(),
      });
      return this.state;
    });
  }

  /** Stops listening, waits for messages in flight, and records stopping → stopped. */
  async stop(reason: string): Promise<AgentState> {
    await this.closeListener();
    return this.queue.run(async () => {
      const status = this.lifecycle?.state;
      if (status === 'ready' || status === 'failed') {
        await this.move('stop', { reason });
        await this.deps.registry?.deregister(this.agentId);
        await this.move('stopped');
      }
      return this.state;
    });
  }

  /** As registered: this process's record of the agent (for matching without a registry). */
  record(): RegisteredAgent {
    const status = this.state.status;
    return {
      agentId: this.agentId,
      type: this.definition.type,
      capabilities: this.definition.descriptors,
      status: status === 'busy' ? 'ready' : status,
      load: this.load(),
      stats: this.stats(),
      instanceId: this.deps.instanceId,
      lastSeenAt: this.deps.clock.now(),
      expiresAt: Number.POSITIVE_INFINITY,
      local: true,
    };
  }

  private async deliver(message: AgentMessage, delivery: AgentDeliveryContext) {
    const result = this.queue.run(() => this.process(message, delivery));
    void this.report();
    try {
      return await result;
    } finally {
      void this.report();
    }
  }

  private async process(
    message: AgentMessage,
    delivery: AgentDeliveryContext,
  ): Promise<JsonValue | undefined> {
    if (this.lifecycle?.state === 'busy') {
      // Only reachable when recording the previous message's outcome failed (the store was down).
      const lost = this.lifecycle.context.currentMessage?.id ?? 'unknown';
      await this.finish(lost, this.deps.clock.now(), new AgentNotReadyError(this.agentId, 'busy'));
    }
    const status = this.lifecycle?.state ?? 'created';
    if (status !== 'ready') throw new AgentNotReadyError(this.agentId, status);
    await this.move('begin', { messageId: message.id, type: message.type, from: message.from });
    const started = this.deps.clock.now();
    const context: AgentContext = {
      agentId: this.agentId,
      agentType: this.definition.type,
      state: this.state,
      messenger: this.deps.messenger,
      signal: delivery.signal,
      deliveryAttempt: delivery.deliveryAttempt,
      ...this.deps.send(this.agentId),
    };
    try {
      const otel = otelApi();
      const response = await (otel === undefined
        ? this.definition.handle(message, context)
        : invokeWithSpan(otel, this.definition.type, this.agentId, message, () =>
            this.definition.handle(message, context),
          ));
      await this.finish(message.id, started, undefined);
      return response;
    } catch (error) {
      if (this.definition.isFatal(error)) {
        await this.move('fail', { messageId: message.id, error: recorded(error) });
        void this.closeListener();
        await this.deps.registry?.update(this.agentId, { status: 'failed' });
      } else {
        await this.finish(message.id, started, error);
      }
      throw error;
    }
  }

  private finish(messageId: string, started: number, error: unknown): Promise<void> {
    const durationMs = Math.max(0, this.deps.clock.now() - started);
    return this.move('finish', {
      messageId,
      ok: error === undefined,
      durationMs,
      ...(error === undefined ? {} : { error: recorded(error) }),
    });
  }

  private async move(event: AgentLifecycleEvent, payload: JsonValue = {}): Promise<void> {
    await this.lifecycle!.send(event, {
      payload,
      metadata: { actor: `agent:${this.agentId}`, correlationId: this.agentId },
    });
  }

  private closeListener(): Promise<void> {
    if (!this.closing) {
      const listener = this.listener;
      this.listener = undefined;
      this.closing = listener ? listener.close() : Promise.resolve();
    }
    return this.closing;
  }

  private async report(): Promise<void> {
    if (this.lifecycle?.state === 'ready' || this.lifecycle?.state === 'busy')
      await this.deps.registry?.update(this.agentId, { load: this.load(), stats: this.stats() });
  }

  private load() {
    const capacity = this.definition.capacity;
    return { inFlight: this.queue.size, ...(capacity ? { capacity } : {}) };
  }

  private stats() {
    const facts = this.lifecycle?.context ?? agentFacts.initial;
    const finished = facts.handled + facts.failedMessages;
    return {
      successes: facts.handled,
      failures: facts.failedMessages,
      ...(finished > 0 ? { averageLatencyMs: facts.totalLatencyMs / finished } : {}),
    };
  }
}

function recorded(error: unknown): JsonValue {
  const { code, message, retryable } = serializeError(error);
  return { code, message, retryable } satisfies RecordedError;
}
