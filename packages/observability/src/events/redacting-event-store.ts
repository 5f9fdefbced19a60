import {
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  ForwardingEventStore,
  type JsonValue,
  type NewEvent,
  type SaveSnapshotInput,
} from '@agenticflow/core';
import { checkSecrets, redactText } from '../logging/redact-secrets.js';

/** Options of {@link redactEventStore}. */
export interface RedactEventStoreOptions {
  /**
   * The values to keep out of the log, such as `[process.env.OPENAI_API_KEY]`. `undefined` and `''`
   * entries (unset variables) are ignored; values under 4 characters are refused.
   */
  readonly secrets: readonly (string | undefined)[];
}

/**
 * An {@link EventStore} that replaces every configured secret with `[REDACTED]` in the events and
 * snapshots written through it, before the store underneath sees them. Create it with
 * {@link redactEventStore}.
 */
export class RedactingEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    /** The secrets replaced, as checked. */
    readonly secrets: readonly string[],
  ) {
    super(inner);
  }

  override append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.secrets.length === 0 || !Array.isArray(events)) {
      return super.append(streamId, events, options);
    }
    let redacted: NewEvent[] | undefined;
    events.forEach((event, index) => {
      if (typeof event !== 'object' || event === null) return;
      const data = this.redactJson(event.data);
      const metadata =
        event.metadata === undefined
          ? undefined
          : (this.redactJson(event.metadata as unknown as JsonValue) as unknown as EventMetadata);
      if (data === event.data && metadata === event.metadata) return;
      redacted ??= [...events];
      redacted[index] = {
        ...event,
        data,
        ...(metadata === undefined ? {} : { metadata }),
      };
    });
    return super.append(streamId, redacted ?? events, options);
  }

  override saveSnapshot(streamId: string, snapshot: SaveSnapshotInput): Promise<void> {
    if (this.secrets.length === 0 || typeof snapshot !== 'object' || snapshot === null) {
      return super.saveSnapshot(streamId, snapshot);
    }
    const state = this.redactJson(snapshot.state);
    return super.saveSnapshot(
      streamId,
      state === snapshot.state ? snapshot : { ...snapshot, state },
    );
  }

  /**
   * `value` itself when no secret occurs in it (one serialization to find out), else a copy with
   * each secret replaced inside every string and object key. Numbers and booleans are left as they
   * are; what is not JSON is passed on for the store underneath to refuse.
   */
  private redactJson(value: JsonValue): JsonValue {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      return value;
    }
    if (text === undefined || redactText(text, this.secrets) === text) return value;
    return this.copyRedacted(value);
  }

  private copyRedacted(value: JsonValue): JsonValue {
    if (typeof value === 'string') return redactText(value, this.secrets);
    if (Array.isArray(value)) return value.map((item) => this.copyRedacted(item));
    if (typeof value !== 'object' || value === null) return value;
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[redactText(key, this.secrets)] = this.copyRedacted(item as JsonValue);
    }
    return copy;
  }
}

/**
 * Wraps a store so that configured secrets never reach the log: every occurrence inside the data
 * or metadata of an appended event, or the state of a saved snapshot, becomes `[REDACTED]` before
 * the store underneath writes it (also in a secret's JSON-escaped form). Reads, subscriptions and
 * everything else pass through.
 *
 * Put it in front of the store every writer uses (the workflow engine, tools, agents): a tool error
 * that quotes an API key is then recorded redacted. Unlike log redaction, no key names are
 * redacted: event data is application state, and a field named `token` may be meant to be kept.
 *
 * @example
 * ```ts
 * const store = redactEventStore(await createPostgresEventStore({ connectionString }), {
 *   secrets: [process.env.OPENAI_API_KEY, process.env.GITHUB_TOKEN],
 * });
 * ```
 */
export function redactEventStore(
  store: EventStore,
  options: RedactEventStoreOptions,
): RedactingEventStore {
  return new RedactingEventStore(store, checkSecrets(options?.secrets));
}
