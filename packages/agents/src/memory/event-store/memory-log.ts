import { type EventStore, hasErrorCode, type NewEvent, newId } from '@agenticflow/core';
import { MemoryContendedError } from '../memory-errors.js';
import {
  applyMemoryEvent,
  emptyGenerationState,
  type GenerationState,
} from './generation-state.js';
import {
  GenerationOpened,
  GenerationSealed,
  GenerationStarted,
  generationStreamId,
  headStreamId,
  RecordPut,
} from './memory-events.js';

/** The current generation of a namespace and the head version it was read at. */
export interface ResolvedGeneration {
  readonly state: GenerationState;
  /** 0 when the namespace has never been written (and `state` is empty and not stored). */
  readonly headVersion: number;
}

const COPY_BATCH = 500;

function isRace(error: unknown): boolean {
  return hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT') || hasErrorCode(error, 'STREAM_DELETED');
}

/**
 * The log mechanics behind {@link EventStoreMemoryStore}: finding a namespace's current
 * generation, folding it, appending with `expectedVersion`, and replacing a generation by a new
 * one (compaction, purge, clear). Races with other processes end in a retry, never a lost write.
 */
export class MemoryLog {
  private readonly cache = new Map<string, GenerationState>();

  constructor(
    private readonly store: EventStore,
    private readonly maxAttempts: number,
  ) {}

  /**
   * The namespace's current generation, folded up to date. A namespace never written is created
   * when `create` is set, and otherwise returned empty without writing anything.
   */
  async resolve(namespace: string, create = true): Promise<ResolvedGeneration> {
    let state = this.cache.get(namespace);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (state) await this.catchUp(state);
      // Read the head after folding: if it still names this generation, the generation was not
      // deleted before the fold, so the fold saw all of it.
      const head = await this.readHead(namespace);
      if (!head) {
        if (!create) return { state: emptyGenerationState(namespace, ''), headVersion: 0 };
        await this.openFirstGeneration(namespace);
        continue;
      }
      if (!state || state.generation !== head.generation) {
        state = emptyGenerationState(namespace, head.generation);
        continue;
      }
      if (state.sealedNext !== undefined) {
        await this.rollForward(state, head.version);
        state = undefined;
        continue;
      }
      this.cache.set(namespace, state);
      return { state, headVersion: head.version };
    }
    throw new MemoryContendedError(namespace, this.maxAttempts);
  }

  /**
   * Appends the event `decide` returns to the current generation with `expectedVersion`,
   * deciding again after a race. `decide` may throw, or return `undefined` to write nothing.
   */
  async append<T>(
    namespace: string,
    decide: (state: GenerationState) => { event: NewEvent; result: T } | { result: T },
  ): Promise<{ result: T; state: GenerationState }> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const { state } = await this.resolve(namespace);
      const decision = decide(state);
      if (!('event' in decision)) return { result: decision.result, state };
      try {
        const appended = await this.store.append(state.streamId, [decision.event], {
          expectedVersion: state.version,
        });
        for (const event of appended.events) applyMemoryEvent(state, event);
        return { result: decision.result, state };
      } catch (error) {
        if (!isRace(error)) throw error;
      }
    }
    throw new MemoryContendedError(namespace, this.maxAttempts);
  }

  /**
   * Replaces the current generation by a new one holding the records `keep` returns, then deletes
   * the old stream, so nothing left out survives in the store. `keep` may throw to abort.
   */
  async replace<T>(
    namespace: string,
    reason: 'compacted' | 'cleared',
    keep: (state: GenerationState) => { records: Iterable<string>; result: T },
  ): Promise<T> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const { state, headVersion } = await this.resolve(namespace);
      const { records, result } = keep(state);
      const next = newId();
      const nextStream = generationStreamId(namespace, next);
      const events: NewEvent[] = [GenerationOpened.create({ namespace, reason })];
      for (const key of records) {
        const record = state.records.get(key);
        if (!record) continue;
        const { value, metadata, revision, createdAt, updatedAt } = record;
        events.push(RecordPut.create({ key, value, metadata, revision, createdAt, updatedAt }));
      }
      for (let from = 0; from < events.length; from += COPY_BATCH) {
        await this.store.append(nextStream, events.slice(from, from + COPY_BATCH), {
          expectedVersion: from === 0 ? 'no_stream' : from,
        });
      }
      try {
        await this.store.append(state.streamId, [GenerationSealed.create({ next })], {
          expectedVersion: state.version,
        });
      } catch (error) {
        await this.store.deleteStream(nextStream);
        if (isRace(error)) continue;
        throw error;
      }
      state.sealedNext = next;
      await this.rollForward(state, headVersion);
      return result;
    }
    throw new MemoryContendedError(namespace, this.maxAttempts);
  }

  /** Points the head at a sealed generation's successor and deletes the sealed stream. */
  private async rollForward(state: GenerationState, headVersion: number): Promise<void> {
    const generation = state.sealedNext;
    if (generation === undefined) return;
    try {
      await this.store.append(
        headStreamId(state.namespace),
        [GenerationStarted.create({ generation })],
        { expectedVersion: headVersion },
      );
    } catch (error) {
      // Another writer moved the head first: only this successor can follow a sealed generation.
      if (!hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')) throw error;
    }
    await this.store.deleteStream(state.streamId);
    this.cache.delete(state.namespace);
  }

  private async openFirstGeneration(namespace: string): Promise<void> {
    const generation = newId();
    const streamId = generationStreamId(namespace, generation);
    await this.store.append(streamId, [GenerationOpened.create({ namespace, reason: 'created' })], {
      expectedVersion: 'no_stream',
    });
    try {
      await this.store.append(headStreamId(namespace), [GenerationStarted.create({ generation })], {
        expectedVersion: 'no_stream',
      });
    } catch (error) {
      await this.store.deleteStream(streamId);
      if (!hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')) throw error;
    }
  }

  private async readHead(
    namespace: string,
  ): Promise<{ generation: string; version: number } | undefined> {
    const head = this.store.readStream(headStreamId(namespace), {
      direction: 'backwards',
      limit: 1,
    });
    for await (const event of head) {
      if (GenerationStarted.is(event))
        return { generation: event.data.generation, version: event.version };
    }
    return undefined;
  }

  private async catchUp(state: GenerationState): Promise<void> {
    for await (const event of this.store.readStream(state.streamId, {
      fromVersion: state.version + 1,
    })) {
      applyMemoryEvent(state, event);
    }
  }
}
