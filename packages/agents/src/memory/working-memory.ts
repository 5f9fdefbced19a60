import {
  describeValue,
  hasErrorCode,
  type JsonValue,
  parseWithSchema,
  ValidationError,
} from '@agenticflow/core';
import type { z } from 'zod';
import { assertNamespace } from './memory-input.js';
import type { MemoryRecord, MemoryStore } from './memory-store.js';

/** Whose working memory: an agent's, or a resource's (a user, a document, a ticket). */
export type WorkingMemoryScope = { readonly agentId: string } | { readonly resourceId: string };

/** A working memory value and the revision to pass back as `expectedRevision`. */
export interface WorkingMemoryState<Value> {
  readonly value: Value;
  /** 1 after the first write, +1 on each later one. */
  readonly revision: number;
  /** When it was last written, ISO-8601 UTC. */
  readonly updatedAt: string;
}

/** Options of {@link WorkingMemory}. */
export interface WorkingMemoryOptions<Schema extends z.ZodType> {
  /** Where values are kept; encrypt them by passing an `EncryptedMemoryStore`. */
  readonly store: MemoryStore;
  /** The value's shape: checked on every write and read. Its output must be JSON. */
  readonly schema: Schema;
  /** Values live in namespaces `<prefix>/agent/<id>` and `<prefix>/resource/<id>`. @defaultValue 'working' */
  readonly prefix?: string;
}

/** Options of {@link WorkingMemory.update}. */
export interface WorkingMemoryUpdateOptions {
  /** Tries against concurrent writers before the conflict is thrown. @defaultValue 10 */
  readonly maxAttempts?: number;
}

const KEY = 'state';

/**
 * Typed, JSON-only scratch state per agent or per resource, validated by a zod schema, written
 * with optimistic concurrency: `set` takes an `expectedRevision`, `update` re-reads and retries.
 *
 * @example
 * ```ts
 * const plan = new WorkingMemory({ store, schema: z.object({ steps: z.array(z.string()), done: z.number() }) });
 * await plan.set({ agentId: 'planner' }, { steps: ['search', 'summarize'], done: 0 });
 * await plan.update({ agentId: 'planner' }, (current) => ({ ...current!, done: current!.done + 1 }));
 * ```
 */
export class WorkingMemory<Schema extends z.ZodType> {
  private readonly store: MemoryStore;
  private readonly schema: Schema;
  private readonly prefix: string;

  constructor(options: WorkingMemoryOptions<Schema>) {
    this.store = options.store;
    this.schema = options.schema;
    this.prefix = options.prefix ?? 'working';
    assertNamespace('working memory prefix', this.prefix);
  }

  /** The current value, or `undefined` when none was written. */
  async get(scope: WorkingMemoryScope): Promise<WorkingMemoryState<z.output<Schema>> | undefined> {
    const namespace = this.namespace(scope);
    const record = await this.store.get(namespace, KEY);
    return record && this.toState(namespace, record);
  }

  /**
   * Replaces the value. With `expectedRevision` (0 for "not written yet") a concurrent change
   * throws `MEMORY_REVISION_CONFLICT` and writes nothing.
   */
  async set(
    scope: WorkingMemoryScope,
    value: z.input<Schema>,
    options: { readonly expectedRevision?: number } = {},
  ): Promise<WorkingMemoryState<z.output<Schema>>> {
    const namespace = this.namespace(scope);
    const parsed = parseWithSchema(this.schema, value, `working memory ${namespace}`);
    const record = await this.store.put(namespace, KEY, parsed as JsonValue, options);
    return { value: parsed, revision: record.revision, updatedAt: record.updatedAt };
  }

  /**
   * Reads the value, applies `change` and writes the result if nothing changed meanwhile;
   * otherwise reads again and retries. `change` may run more than once: keep it pure.
   */
  async update(
    scope: WorkingMemoryScope,
    change: (current: z.output<Schema> | undefined) => z.input<Schema>,
    options: WorkingMemoryUpdateOptions = {},
  ): Promise<WorkingMemoryState<z.output<Schema>>> {
    const maxAttempts = options.maxAttempts ?? 10;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new ValidationError('invalid working memory update options', [
        { path: ['maxAttempts'], message: `${describeValue(maxAttempts)} is not an integer >= 1` },
      ]);
    }
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(scope);
      const next = change(current?.value);
      try {
        return await this.set(scope, next, { expectedRevision: current?.revision ?? 0 });
      } catch (error) {
        if (attempt >= maxAttempts || !hasErrorCode(error, 'MEMORY_REVISION_CONFLICT')) throw error;
      }
    }
  }

  /** Deletes the value; `false` when there was none. */
  clear(scope: WorkingMemoryScope): Promise<boolean> {
    return this.store.delete(this.namespace(scope), KEY);
  }

  private toState(namespace: string, record: MemoryRecord): WorkingMemoryState<z.output<Schema>> {
    const value = parseWithSchema(
      this.schema,
      record.value,
      `stored working memory ${namespace} (it no longer fits the schema: migrate it, or set a new value)`,
    );
    return { value, revision: record.revision, updatedAt: record.updatedAt };
  }

  private namespace(scope: WorkingMemoryScope): string {
    const entries = typeof scope === 'object' && scope !== null ? Object.entries(scope) : [];
    const [kind, id] = entries.length === 1 ? (entries[0] as [string, unknown]) : ['', undefined];
    if ((kind !== 'agentId' && kind !== 'resourceId') || typeof id !== 'string') {
      throw new ValidationError('invalid working memory scope', [
        {
          path: [],
          message: `${describeValue(scope)} is not a scope: pass { agentId: string } or { resourceId: string }`,
        },
      ]);
    }
    const namespace = `${this.prefix}/${kind === 'agentId' ? 'agent' : 'resource'}/${id}`;
    assertNamespace(`working memory ${kind} ${JSON.stringify(id)}`, namespace);
    return namespace;
  }
}
