import type { EventStore, JsonValue } from '@agenticflow/core';
import { journalKey, readSupervisorEvents } from './supervisor-events.js';

/**
 * The supervisor events of one run, recorded at most once each. The step that orchestrates tasks
 * may run again after a crash; it reads what it already recorded and skips it, and learns the
 * decisions it made then (which worker an escalation went to) instead of making them anew.
 */
export class SupervisorJournal {
  private constructor(
    private readonly recorded: Map<string, JsonValue>,
    private readonly emit: (type: string, data: JsonValue) => Promise<void>,
  ) {}

  static async open(
    store: EventStore,
    runId: string,
    emit: (type: string, data: JsonValue) => Promise<void>,
  ): Promise<SupervisorJournal> {
    const recorded = new Map<string, JsonValue>();
    for (const event of await readSupervisorEvents(store, runId)) {
      const data = event.data as unknown as JsonValue;
      recorded.set(journalKey(event.type, data), data);
    }
    return new SupervisorJournal(recorded, emit);
  }

  /** The data recorded under this event's key, if any. */
  find<Data>(type: string, data: Data): Data | undefined {
    return this.recorded.get(journalKey(type, data as JsonValue)) as Data | undefined;
  }

  /** Records the event unless one with its key is recorded; returns what is recorded. */
  async record<Data>(type: string, data: Data): Promise<Data> {
    const key = journalKey(type, data as JsonValue);
    const existing = this.recorded.get(key);
    if (existing !== undefined) return existing as Data;
    await this.emit(type, data as JsonValue);
    this.recorded.set(key, data as JsonValue);
    return data;
  }
}
