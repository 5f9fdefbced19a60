import type { EventFilter, EventStore } from '../store/event-store.js';
import type { Reducer } from './fold-stream.js';

/** A read model built from events of many streams. */
export interface Projection<State> {
  /** Names the projection (and its consumer, when run live). */
  readonly name: string;
  /** State before any event. Return a fresh value each call. */
  readonly initialState: () => State;
  readonly reduce: Reducer<State>;
  /** Only these events are folded. */
  readonly filter?: EventFilter;
}

/** Declares a {@link Projection}; a typed identity helper. */
export function defineProjection<State>(projection: Projection<State>): Projection<State> {
  return projection;
}

/** A projection's state and the global position it reflects. */
export interface ProjectionState<State> {
  readonly state: State;
  /** Position of the last event folded in, or `null` if none matched. */
  readonly position: bigint | null;
}

/**
 * Rebuilds a projection from the whole log with `readAll`, for example after its code changed.
 *
 * @example
 * ```ts
 * const runsByStatus = defineProjection({
 *   name: 'runs-by-status',
 *   initialState: () => ({}) as Record<string, string>,
 *   filter: { streamPrefix: 'run-' },
 *   reduce: (state, event) => ({ ...state, [event.streamId]: event.type }),
 * });
 * const { state } = await rebuildProjection(store, runsByStatus);
 * ```
 */
export async function rebuildProjection<State>(
  store: EventStore,
  projection: Projection<State>,
): Promise<ProjectionState<State>> {
  let state = projection.initialState();
  let position: bigint | null = null;
  for await (const event of store.readAll({ ...projection.filter })) {
    state = projection.reduce(state, event);
    position = event.position;
  }
  return { state, position };
}
