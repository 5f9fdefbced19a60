import {
  describeValue,
  hasErrorCode,
  type JsonObject,
  type JsonValue,
  newId,
} from '@agenticflow/core';
import {
  checkOrThrow,
  number,
  object,
  oneOf,
  optional,
  record,
  stringOfLength,
  unchecked,
} from '../validation/value-check.js';
import { MemoryContendedError } from './memory-errors.js';
import { assertNamespace } from './memory-input.js';
import type { MemoryRecord, MemoryStore } from './memory-store.js';

/** Who wrote a message of a thread. */
export type ThreadRole = 'system' | 'user' | 'assistant' | 'tool';

/** A message to append to a thread. */
export interface ThreadMessageInput {
  readonly role: ThreadRole;
  /** Text, or any JSON (content parts, a tool result). */
  readonly content: JsonValue;
  /** The tool or participant name, when the role needs one. */
  readonly name?: string;
  /** Anything else to keep with the message. */
  readonly metadata?: JsonObject;
}

/** A stored message of a thread. */
export interface ThreadMessage extends ThreadMessageInput {
  readonly threadId: string;
  /** 1, 2, 3… in append order within the thread (again from 1 after `clear`). */
  readonly seq: number;
  /** UUIDv7 of the message, unique across threads and clears. */
  readonly id: string;
  /** When it was appended, ISO-8601 UTC. */
  readonly createdAt: string;
}

/** Options of {@link ThreadMemory.list}. */
export interface ThreadListOptions {
  /** Start after this `seq` (exclusive): pass the previous page's `next`. */
  readonly after?: number;
  /** Most messages to return, 1 to 1000. @defaultValue 100 */
  readonly limit?: number;
  /** @defaultValue 'asc' (oldest first) */
  readonly order?: 'asc' | 'desc';
}

/** One page of {@link ThreadMemory.list}. */
export interface ThreadPage {
  readonly messages: readonly ThreadMessage[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: number;
}

/** Options of {@link ThreadMemory}. */
export interface ThreadMemoryOptions {
  /** Where messages are kept; encrypt them by passing an `EncryptedMemoryStore`. */
  readonly store: MemoryStore;
  /** Threads live in namespaces `<prefix>/<threadId>`. @defaultValue 'thread' */
  readonly prefix?: string;
}

// Content and metadata are checked as JSON by the store.
const checkMessage = object({
  role: oneOf('system', 'user', 'assistant', 'tool'),
  content: unchecked<JsonValue>(),
  name: optional(stringOfLength(1, 200)),
  metadata: optional(record(unchecked<JsonValue>())),
});
const checkAfter = number({ integer: true, min: 0 });

const SEQ_DIGITS = 12;
const MAX_APPEND_ATTEMPTS = 20;

function seqKey(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0');
}

/**
 * Conversation history: messages per thread, in append order, on any {@link MemoryStore}.
 * Appends from several processes get distinct, gap-free `seq`s (each takes the next free one
 * with `expectedRevision: 0`).
 *
 * @example
 * ```ts
 * const threads = new ThreadMemory({ store: new InMemoryMemoryStore() });
 * await threads.append('t-1', { role: 'user', content: 'Book a table for two' });
 * await threads.append('t-1', { role: 'assistant', content: 'For which evening?' });
 * const recent = await threads.last('t-1', 10); // oldest first
 * ```
 */
export class ThreadMemory {
  private readonly store: MemoryStore;
  private readonly prefix: string;

  constructor(options: ThreadMemoryOptions) {
    this.store = options.store;
    this.prefix = options.prefix ?? 'thread';
    assertNamespace('thread memory prefix', this.prefix);
  }

  /** Appends one message and returns it as stored. */
  async append(threadId: string, message: ThreadMessageInput): Promise<ThreadMessage> {
    const namespace = this.namespace(threadId);
    const input = checkOrThrow(checkMessage, message, `message for thread ${threadId}`);
    const value: JsonObject = { id: newId(), role: input.role, content: input.content };
    if (input.name !== undefined) value.name = input.name;
    if (input.metadata !== undefined) value.metadata = input.metadata as JsonObject;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const { records } = await this.store.list(namespace, { order: 'desc', limit: 1 });
      const seq = records[0] ? Number(records[0].key) + 1 : 1;
      try {
        const record = await this.store.put(namespace, seqKey(seq), value, {
          metadata: { role: input.role },
          expectedRevision: 0,
        });
        return toMessage(threadId, record);
      } catch (error) {
        if (!hasErrorCode(error, 'MEMORY_REVISION_CONFLICT')) throw error;
      }
    }
    throw new MemoryContendedError(namespace, MAX_APPEND_ATTEMPTS);
  }

  /** One page of the thread's messages. */
  async list(threadId: string, options: ThreadListOptions = {}): Promise<ThreadPage> {
    const { after, limit, order } = options;
    if (after !== undefined) checkOrThrow(checkAfter, after, 'thread list after');
    const page = await this.store.list(this.namespace(threadId), {
      ...(after === undefined ? {} : { after: seqKey(after) }),
      ...(limit === undefined ? {} : { limit }),
      ...(order === undefined ? {} : { order }),
    });
    const messages = page.records.map((record) => toMessage(threadId, record));
    return page.next === undefined ? { messages } : { messages, next: Number(page.next) };
  }

  /** The last `count` messages (1 to 1000), oldest first. */
  async last(threadId: string, count: number): Promise<ThreadMessage[]> {
    const { messages } = await this.list(threadId, { order: 'desc', limit: count });
    return [...messages].reverse();
  }

  /** Deletes every message of the thread (removing them from the store); returns how many. */
  clear(threadId: string): Promise<number> {
    return this.store.clear(this.namespace(threadId));
  }

  private namespace(threadId: string): string {
    const namespace = `${this.prefix}/${threadId}`;
    assertNamespace(
      `thread id ${describeValue(threadId)}`,
      typeof threadId === 'string' ? namespace : threadId,
    );
    return namespace;
  }
}

function toMessage(threadId: string, record: MemoryRecord): ThreadMessage {
  const stored = record.value as unknown as Omit<ThreadMessage, 'threadId' | 'seq' | 'createdAt'>;
  return { ...stored, threadId, seq: Number(record.key), createdAt: record.createdAt };
}
