import type {
  AgenticEvent,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
} from '@agenticflow/core';
import { GuardedRunStore } from './guarded-run-store.js';
import {
  NonDeterministicReplayError,
  type ReplayPosition,
} from './non-deterministic-replay-error.js';
import type { ReplayDifference } from './replay-difference.js';

/** `live` serves the recorded prefix then appends; `replay` only serves and never appends. */
export type JournalMode = 'live' | 'replay';

/** Options of {@link RunJournal.open}. */
export interface RunJournalOptions {
  readonly store: EventStore;
  readonly streamId: string;
  readonly mode: JournalMode;
  /**
   * The event types the caller produces through the journal, and that a replay must reproduce in
   * order. Other events of the stream (`tool.*` written by the tool executor, approvals written by
   * people) pass through: surfaced in order, never compared.
   */
  readonly owns: (type: string) => boolean;
  /** Owned event types that end a run: reaching one where the run wanted something else stops it. */
  readonly ends: (type: string) => boolean;
  /** Called with every event of the stream in order: recorded ones as they are passed, new ones once appended. */
  readonly onEvent?: (event: AgenticEvent) => void | Promise<void>;
}

/** Compares a recorded event with what the run asks for now: a difference, or `undefined`. */
export type RecordedMatch = (recorded: AgenticEvent) => ReplayDifference | undefined;

/**
 * Thrown (as a signal, not an error) when a run reaches an ending its log recorded, such as a
 * failure, where it wanted to do something else: the caller reproduces that ending.
 */
export class RecordedEnding {
  constructor(readonly event: AgenticEvent) {}
}

/**
 * A run's stream as a journal: the recorded prefix is served in order, then new events are
 * appended with `expectedVersion`, so a second writer of the same run fails with
 * `EXPECTED_VERSION_CONFLICT` instead of interleaving. The same journal serves a replay (nothing
 * may be appended), a crashed run's resumption (recorded prefix, then live) and a new run (no
 * prefix).
 */
export class RunJournal {
  readonly streamId: string;
  readonly mode: JournalMode;
  private readonly store: EventStore;
  private readonly recorded: readonly AgenticEvent[];
  private readonly options: RunJournalOptions;
  private cursor = 0;
  private version: number;
  private guarded: GuardedRunStore | undefined;

  private constructor(options: RunJournalOptions, recorded: readonly AgenticEvent[]) {
    this.options = options;
    this.store = options.store;
    this.streamId = options.streamId;
    this.mode = options.mode;
    this.recorded = recorded;
    this.version = recorded.at(-1)?.version ?? 0;
  }

  /** Reads the stream and opens a journal at its start. */
  static async open(options: RunJournalOptions): Promise<RunJournal> {
    const recorded: AgenticEvent[] = [];
    for await (const event of options.store.readStream(options.streamId)) recorded.push(event);
    return new RunJournal(options, recorded);
  }

  /** Whether the stream held any event when the journal was opened. */
  get hasHistory(): boolean {
    return this.recorded.length > 0;
  }

  /** The next recorded event the caller owns, without consuming it. */
  peek(): AgenticEvent | undefined {
    const index = this.nextOwnedIndex();
    return index === undefined ? undefined : this.recorded[index];
  }

  /** Consumes and returns the next owned recorded event (surfacing what passes before it). */
  async serveNext(): Promise<AgenticEvent> {
    const index = this.nextOwnedIndex();
    const event = index === undefined ? undefined : this.recorded[index];
    if (index === undefined || event === undefined) {
      throw new NonDeterministicReplayError({
        streamId: this.streamId,
        recorded: 'end of log',
        actual: 'a recorded event',
      });
    }
    await this.passUntil(index);
    this.cursor = index + 1;
    await this.options.onEvent?.(event);
    return event;
  }

  /**
   * Records `event`: serves the recorded event at this position when there is one (it must have
   * the same type and `match` it), else appends it (live mode only). Returns the event as stored.
   */
  async record(
    event: NewEvent,
    match: RecordedMatch,
    where: ReplayPosition,
  ): Promise<AgenticEvent> {
    const next = this.peek();
    if (next === undefined) {
      this.assertLive(event.type, where);
      await this.passUntil(this.recorded.length);
      const [stored] = await this.append([event]);
      return stored as AgenticEvent;
    }
    if (next.type !== event.type) this.diverged(next, event.type, where);
    const difference = match(next);
    if (difference) {
      throw new NonDeterministicReplayError({
        ...where,
        version: next.version,
        recorded: next.type,
        actual: event.type,
        difference,
      });
    }
    return this.serveNext();
  }

  /**
   * Checks that the run may now do `actual` live (call a model, run a tool): the log holds nothing
   * more for it. Throws {@link RecordedEnding} when the log ends the run here, and
   * `NON_DETERMINISTIC_REPLAY` when it holds something else or when replaying.
   */
  assertLive(actual: string, where: ReplayPosition): void {
    const next = this.peek();
    if (next !== undefined) this.diverged(next, actual, where);
    if (this.mode === 'replay') {
      throw new NonDeterministicReplayError({ ...where, recorded: 'end of log', actual });
    }
  }

  /** Appends `events` after the last known version; surfaces them once stored. */
  async append(events: readonly NewEvent[]): Promise<readonly AgenticEvent[]> {
    const result = await this.appendResult(events);
    return result.events;
  }

  /** {@link RunJournal.append} with the store's whole result. */
  async appendResult(events: readonly NewEvent[]): Promise<AppendResult> {
    if (this.mode === 'replay') {
      throw new NonDeterministicReplayError({
        streamId: this.streamId,
        recorded: 'end of log',
        actual: events.map((event) => event.type).join(', '),
      });
    }
    const expectedVersion: ExpectedVersion = this.version === 0 ? 'no_stream' : this.version;
    const result = await this.store.append(this.streamId, events, { expectedVersion });
    this.version = result.nextExpectedVersion;
    for (const stored of result.events) await this.options.onEvent?.(stored);
    return result;
  }

  /**
   * The store to hand to a component that appends to the same stream itself (the tool executor):
   * its appends to this stream go through {@link RunJournal.append}, with the journal's version.
   */
  guardedStore(): GuardedRunStore {
    this.guarded ??= new GuardedRunStore(this.store, this.streamId, (events) =>
      this.appendResult(events),
    );
    return this.guarded;
  }

  private diverged(next: AgenticEvent, actual: string, where: ReplayPosition): never {
    if (this.options.ends(next.type) && next.type !== actual) throw new RecordedEnding(next);
    throw new NonDeterministicReplayError({
      ...where,
      version: next.version,
      recorded: next.type,
      actual,
    });
  }

  private nextOwnedIndex(): number | undefined {
    for (let index = this.cursor; index < this.recorded.length; index++) {
      if (this.options.owns((this.recorded[index] as AgenticEvent).type)) return index;
    }
    return undefined;
  }

  private async passUntil(index: number): Promise<void> {
    while (this.cursor < index) {
      const event = this.recorded[this.cursor] as AgenticEvent;
      this.cursor++;
      await this.options.onEvent?.(event);
    }
  }
}
