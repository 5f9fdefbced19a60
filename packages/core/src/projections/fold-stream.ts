import type { AgenticEvent } from '../events/envelope.js';
import type { EventStore } from '../store/event-store.js';

/** Folds one event into a state. Must be pure: replay depends on it. */
export type Reducer<State, Event extends AgenticEvent = AgenticEvent> = (
  state: State,
  event: Event,
) => State;

/** Options of {@link foldStream}. */
export interface FoldStreamOptions {
  /** Stop after this version (inclusive), to see the state as it was then. */
  readonly toVersion?: number;
  /**
   * Start from the stream's snapshot when it has this schema version and is not past `toVersion`.
   * Omit to always fold from the first event.
   */
  readonly snapshotSchemaVersion?: number;
}

/** The state of a stream and the version it reflects. */
export interface FoldedState<State> {
  readonly state: State;
  /** Version of the last event folded in (0 for an empty stream). */
  readonly version: number;
  /** Whether a snapshot was the starting point. */
  readonly fromSnapshot: boolean;
}

/**
 * Rebuilds a stream's state by folding its events with `reducer`, optionally from its snapshot.
 *
 * @example
 * ```ts
 * const { state, version } = await foldStream(store, 'run-1', (count, _event) => count + 1, 0);
 * ```
 */
export async function foldStream<State>(
  store: EventStore,
  streamId: string,
  reducer: Reducer<State>,
  initialState: State,
  options: FoldStreamOptions = {},
): Promise<FoldedState<State>> {
  let state = initialState;
  let version = 0;
  let fromSnapshot = false;
  if (options.snapshotSchemaVersion !== undefined) {
    const snapshot = await store.loadSnapshot(streamId);
    if (
      snapshot &&
      snapshot.schemaVersion === options.snapshotSchemaVersion &&
      (options.toVersion === undefined || snapshot.version <= options.toVersion)
    ) {
      state = snapshot.state as State;
      version = snapshot.version;
      fromSnapshot = true;
    }
  }
  const limit =
    options.toVersion === undefined ? undefined : Math.max(0, options.toVersion - version);
  if (limit === 0) return { state, version, fromSnapshot };
  for await (const event of store.readStream(streamId, {
    fromVersion: version + 1,
    ...(limit ? { limit } : {}),
  })) {
    state = reducer(state, event);
    version = event.version;
  }
  return { state, version, fromSnapshot };
}
