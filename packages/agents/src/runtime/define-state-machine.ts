import {
  type AgenticEvent,
  type EventDefinition,
  type JsonValue,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import type { z } from 'zod';
import { defineCheckedEvent } from '../validation/define-checked-event.js';
import { json, object, optional, string, type ValueCheck } from '../validation/value-check.js';
import { InvalidTransitionError, TransitionRejectedError } from './agent-errors.js';

/** What a guard is asked about. */
export interface TransitionInput<State extends string = string, Event extends string = string> {
  readonly from: State;
  readonly event: Event;
  /** The payload sent with the event, if any. */
  readonly payload: JsonValue | undefined;
}

/**
 * Decides whether a transition may happen: return `true` to allow it, `false` or a reason (a
 * string) to refuse it with `TRANSITION_REJECTED`. Must be pure: it only sees its input.
 */
export type TransitionGuard<State extends string = string, Event extends string = string> = (
  input: TransitionInput<State, Event>,
) => boolean | string;

/** The transitions of every state: `states[state][event]` is the state `event` leads to. */
export type TransitionTable = {
  readonly [state: string]: { readonly [event: string]: string };
};

/** Every event name used anywhere in a transition table. */
export type EventsOf<Table> = {
  [S in keyof Table]: Extract<keyof Table[S], string>;
}[keyof Table];

/** The states of a transition table. */
export type StatesOf<Table> = Extract<keyof Table, string>;

/** Checks that every target of a transition table names one of its states. */
export type CheckedTargets<Table> = {
  readonly [S in keyof Table]: { readonly [E in keyof Table[S]]: StatesOf<Table> };
};

/** Options of {@link defineStateMachine}. */
export interface StateMachineConfig<Table extends TransitionTable> {
  /** Names the machine in events and errors, such as `'order'` or `'agent.lifecycle'`. */
  readonly name: string;
  /** The state of a stream with no transition yet. */
  readonly initial: NoInfer<StatesOf<Table>>;
  /** Transitions per state; a state with no entries is final. */
  readonly states: Table;
  /** Guards per event: consulted wherever the event is allowed (`from` tells where it is). */
  readonly guards?: {
    readonly [E in EventsOf<Table>]?: TransitionGuard<StatesOf<Table>, E>;
  };
  /**
   * Type of the events that record transitions.
   * @defaultValue 'state.transitioned'
   */
  readonly eventType?: string;
}

/** The data of a transition event. */
export interface TransitionRecord<State extends string = string, Event extends string = string> {
  readonly machine: string;
  readonly from: State;
  readonly to: State;
  readonly event: Event;
  readonly payload?: JsonValue;
}

const transitionSchema = (zod: typeof z) =>
  zod.object({
    machine: zod.string(),
    from: zod.string(),
    to: zod.string(),
    event: zod.string(),
    payload: zod.json().optional(),
  });
type TransitionSchema = ReturnType<typeof transitionSchema>;

const checkTransition: ValueCheck<TransitionRecord> = object({
  machine: string,
  from: string,
  to: string,
  event: string,
  payload: optional(json),
});

/** A finite state machine with typed states, events and guards. Made by {@link defineStateMachine}. */
export interface StateMachine<State extends string, Event extends string> {
  readonly name: string;
  readonly initial: State;
  readonly states: readonly State[];
  readonly events: readonly Event[];
  /** The event definition recording this machine's transitions. */
  readonly transitionEvent: EventDefinition<string, TransitionSchema>;
  /** Events `state` accepts (guards not evaluated). */
  allowedEvents(state: State): Event[];
  /** True when `state` accepts no event. */
  isFinal(state: State): boolean;
  /** True when `event` is allowed in `state` and its guard (if any) agrees. */
  can(state: State, event: Event, payload?: JsonValue): boolean;
  /**
   * The state `event` leads to from `state`. Throws `INVALID_TRANSITION` (naming the state, the
   * event and the allowed events) or `TRANSITION_REJECTED` when the guard refuses.
   */
  transition(state: State, event: Event, payload?: JsonValue): State;
  /** True when `event` records a transition of this machine. */
  isTransition(event: AgenticEvent): event is AgenticEvent<string, TransitionRecord<State, Event>>;
}

/**
 * Defines a finite state machine. States and events are inferred from `states`, so a typo in an
 * event name or a target is a compile error. Persist it with {@link openStateMachine}.
 *
 * @example
 * ```ts
 * const order = defineStateMachine({
 *   name: 'order',
 *   initial: 'pending',
 *   states: {
 *     pending: { pay: 'paid', cancel: 'cancelled' },
 *     paid: { ship: 'shipped' },
 *     shipped: {},
 *     cancelled: {},
 *   },
 *   guards: { ship: ({ payload }) => payload !== undefined || 'a tracking number is required' },
 * });
 * order.transition('pending', 'pay'); // 'paid'
 * order.transition('shipped', 'pay'); // throws INVALID_TRANSITION: allowed: none (it is final)
 * ```
 */
export function defineStateMachine<const Table extends TransitionTable>(
  config: StateMachineConfig<Table> & { readonly states: CheckedTargets<Table> },
): StateMachine<StatesOf<Table>, EventsOf<Table>> {
  type State = StatesOf<Table>;
  type Event = EventsOf<Table>;
  checkConfig(config as unknown as StateMachineConfig<TransitionTable>);
  const table = config.states as TransitionTable;
  const guards = (config.guards ?? {}) as Record<string, TransitionGuard | undefined>;
  const states = Object.keys(table) as State[];
  const events = [
    ...new Set(states.flatMap((state) => Object.keys(table[state] ?? {}))),
  ] as Event[];
  const transitionEvent = defineCheckedEvent(
    config.eventType ?? 'state.transitioned',
    checkTransition as ValueCheck<z.output<TransitionSchema>>,
    transitionSchema,
  );
  const name = config.name;

  const allowedEvents = (state: State): Event[] => Object.keys(table[state] ?? {}) as Event[];
  const resolve = (state: State, event: Event, payload: JsonValue | undefined): State => {
    const row = table[state] ?? {};
    const target = Object.hasOwn(row, event) ? row[event] : undefined;
    if (target === undefined) {
      throw new InvalidTransitionError(name, String(state), String(event), allowedEvents(state));
    }
    const guard = Object.hasOwn(guards, event) ? guards[event] : undefined;
    const verdict = guard ? guard({ from: state, event, payload }) : true;
    if (verdict !== true) {
      const reason = typeof verdict === 'string' ? verdict : 'the guard returned false';
      throw new TransitionRejectedError(name, state, event, reason, {
        details: { payload: payload ?? null },
      });
    }
    return target as State;
  };

  return {
    name,
    initial: config.initial,
    states,
    events,
    transitionEvent,
    allowedEvents,
    isFinal: (state) => allowedEvents(state).length === 0,
    can(state, event, payload) {
      try {
        resolve(state, event, payload);
        return true;
      } catch {
        return false;
      }
    },
    transition: (state, event, payload) => resolve(state, event, payload),
    isTransition(event): event is AgenticEvent<string, TransitionRecord<State, Event>> {
      return (
        event.type === transitionEvent.type &&
        (event.data as { machine?: unknown } | null)?.machine === name
      );
    },
  };
}

function checkConfig(config: StateMachineConfig<TransitionTable>): void {
  const issues: ValidationIssue[] = [];
  if (typeof config.name !== 'string' || config.name.length === 0)
    issues.push({ path: ['name'], message: 'must be a non-empty string' });
  const table = (config.states ?? {}) as Record<string, unknown>;
  const states = Object.keys(table);
  if (states.length === 0)
    issues.push({ path: ['states'], message: 'must define at least one state' });
  if (!states.includes(config.initial))
    issues.push({
      path: ['initial'],
      message: `${JSON.stringify(config.initial)} is not one of the states (${states.join(', ')})`,
    });
  for (const state of states) {
    const row = table[state];
    if (typeof row !== 'object' || row === null) {
      issues.push({ path: ['states', state], message: 'must be an object of event: target' });
      continue;
    }
    for (const [event, target] of Object.entries(row)) {
      if (typeof target !== 'string' || !states.includes(target))
        issues.push({
          path: ['states', state, event],
          message: `leads to ${JSON.stringify(target)}, which is not a state (states: ${states.join(', ')})`,
        });
    }
  }
  const events = new Set(Object.values(table).flatMap((row) => Object.keys(row ?? {})));
  for (const [event, guard] of Object.entries(config.guards ?? {})) {
    if (!events.has(event))
      issues.push({
        path: ['guards', event],
        message: `guards an event no state accepts (events: ${[...events].join(', ') || 'none'})`,
      });
    else if (typeof guard !== 'function')
      issues.push({
        path: ['guards', event],
        message: 'must be a function ({ from, event, payload }) => true | false | reason',
      });
  }
  if (issues.length > 0)
    throw new ValidationError(`invalid state machine ${JSON.stringify(config.name)}`, issues);
}
