import {
  type AgenticEvent,
  type EventMetadata,
  type EventStore,
  ExpectedVersionConflictError,
  type JsonValue,
  ValidationError,
} from '@agenticflow/core';
import type { StateMachine, TransitionRecord } from './define-state-machine.js';

/** Extra state folded from the transitions, next to the machine's state. */
export interface MachineContext<Context, State extends string, Event extends string> {
  readonly initial: Context;
  /** Folds one recorded transition into the context. Must be pure: restarts replay it. */
  apply(context: Context, transition: TransitionRecord<State, Event>, event: AgenticEvent): Context;
}

/** Options of {@link openStateMachine}. */
export interface OpenStateMachineOptions<Context, State extends string, Event extends string> {
  /** Extra state to fold from the transitions (counters, the last error…). */
  readonly context?: MachineContext<Context, State, Event>;
}

/** Options of {@link PersistedStateMachine.send}. */
export interface SendTransitionOptions {
  /** JSON stored with the transition and given to the guard. */
  readonly payload?: JsonValue;
  /** Metadata of the stored event (correlation, actor…). */
  readonly metadata?: EventMetadata;
}

/** A state machine whose state lives in an event stream. Made by {@link openStateMachine}. */
export interface PersistedStateMachine<State extends string, Event extends string, Context> {
  readonly machine: StateMachine<State, Event>;
  readonly streamId: string;
  /** The state as of the last read or write. */
  readonly state: State;
  readonly context: Context;
  /** Stream version as of the last read or write (0: no event yet). */
  readonly version: number;
  /** The last transition read or written, if any. */
  readonly last: AgenticEvent<string, TransitionRecord<State, Event>> | undefined;
  /** Events the current state accepts. */
  allowedEvents(): Event[];
  /**
   * Checks the transition, then appends it with `expectedVersion` set to the version this instance
   * knows. Throws `INVALID_TRANSITION` or `TRANSITION_REJECTED` (nothing written), or
   * `EXPECTED_VERSION_CONFLICT` when another writer appended first: this instance is then
   * refreshed, so the caller can look at the new state and decide again.
   */
  send(event: Event, options?: SendTransitionOptions): Promise<State>;
  /** Reads the events appended since the last read or write. */
  refresh(): Promise<void>;
}

/**
 * Opens a state machine stored in `streamId`: folds the stream's transitions to rebuild the state,
 * and appends each new transition as an event. Two writers cannot both win: each append carries
 * the version its writer read.
 *
 * @example
 * ```ts
 * const order42 = await openStateMachine(store, order, 'order-42');
 * await order42.send('pay', { payload: { amount: 30 } });
 * order42.state; // 'paid' — and after a restart, openStateMachine reads 'paid' again
 * ```
 */
export async function openStateMachine<State extends string, Event extends string, Context = void>(
  store: EventStore,
  machine: StateMachine<State, Event>,
  streamId: string,
  options: OpenStateMachineOptions<Context, State, Event> = {},
): Promise<PersistedStateMachine<State, Event, Context>> {
  const instance = new StoredMachine<State, Event, Context>(store, machine, streamId, options);
  await instance.refresh();
  return instance;
}

class StoredMachine<State extends string, Event extends string, Context>
  implements PersistedStateMachine<State, Event, Context>
{
  state: State;
  context: Context;
  version = 0;
  last: AgenticEvent<string, TransitionRecord<State, Event>> | undefined;

  constructor(
    private readonly store: EventStore,
    readonly machine: StateMachine<State, Event>,
    readonly streamId: string,
    private readonly options: OpenStateMachineOptions<Context, State, Event>,
  ) {
    this.state = machine.initial;
    this.context = options.context?.initial as Context;
  }

  allowedEvents(): Event[] {
    return this.machine.allowedEvents(this.state);
  }

  async send(event: Event, options: SendTransitionOptions = {}): Promise<State> {
    const to = this.machine.transition(this.state, event, options.payload);
    const record: TransitionRecord<State, Event> = {
      machine: this.machine.name,
      from: this.state,
      to,
      event,
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    };
    const created = this.machine.transitionEvent.create(
      record,
      options.metadata ? { metadata: options.metadata } : {},
    );
    try {
      const result = await this.store.append(this.streamId, [created], {
        expectedVersion: this.version === 0 ? 'no_stream' : this.version,
      });
      for (const stored of result.events) this.fold(stored);
      return this.state;
    } catch (error) {
      if (ExpectedVersionConflictError.is(error)) await this.refresh();
      throw error;
    }
  }

  async refresh(): Promise<void> {
    for await (const event of this.store.readStream(this.streamId, {
      fromVersion: this.version + 1,
    })) {
      this.fold(event);
    }
  }

  private fold(event: AgenticEvent): void {
    this.version = event.version;
    if (!this.machine.isTransition(event)) return;
    const record = this.machine.transitionEvent.parse(event).data as TransitionRecord<State, Event>;
    if (!this.machine.states.includes(record.to)) {
      throw new ValidationError(
        `stream ${this.streamId} does not fit machine ${this.machine.name}`,
        [
          {
            path: ['version', event.version, 'to'],
            message: `${JSON.stringify(record.to)} is not a state of the machine (${this.machine.states.join(', ')}): was the definition changed?`,
          },
        ],
      );
    }
    this.state = record.to;
    this.last = event as AgenticEvent<string, TransitionRecord<State, Event>>;
    if (this.options.context)
      this.context = this.options.context.apply(this.context, record, event);
  }
}
