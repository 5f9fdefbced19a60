import { type AgenticFlowError, ClosedError, type IdGenerator } from '@agenticflow/core';
import { CompiledQuery, type Kysely } from 'kysely';
import { classifyPostgresError, type PostgresErrorContext } from './classify-postgres-error.js';
import type { ClientSource } from './open-connection.js';
import type { ResolvedOptions } from './postgres-event-store-options.js';
import type { PreparedStatements } from './prepared-statements.js';
import { quoteSchema } from './schema-name.js';

/** What the operation modules (`append-to-stream.ts`, `read-all.ts`…) share. */
export class StoreContext {
  /** `"schema"`, quoted for SQL. */
  readonly s: string;

  constructor(
    readonly db: Kysely<unknown>,
    readonly options: ResolvedOptions,
    readonly target: string,
    readonly newId: IdGenerator,
    /** Statements to run as named prepared statements (see `prepared-statements.ts`). */
    readonly prepared: PreparedStatements,
    /** The pool behind `db`, used directly when known (see `open-connection.ts`). */
    private readonly clients: ClientSource | undefined,
  ) {
    this.s = quoteSchema(options.schema);
  }

  private readonly statements = new Map<string, string>();
  private readonly closing = new AbortController();

  /** Aborts when the store starts closing. */
  get closedSignal(): AbortSignal {
    return this.closing.signal;
  }

  /** Marks the store as closing: waits end, and failures from then on are `CLOSED`. */
  close(): void {
    this.closing.abort();
  }

  /**
   * The SQL text of a statement the store runs often, built once per store (texts depend only on
   * the schema) and, when `prepare` is set, marked to run as a named prepared statement.
   */
  statement(key: string, build: () => string, prepare = true): string {
    let text = this.statements.get(key);
    if (text === undefined) {
      text = build();
      this.statements.set(key, text);
      if (prepare) this.prepared.mark(text);
    }
    return text;
  }

  /** Runs one statement; every failure comes back classified (see `classify-postgres-error.ts`). */
  async query<Row>(
    operation: string,
    text: string,
    parameters: readonly unknown[] = [],
  ): Promise<Row[]> {
    try {
      return await this.queryRaw<Row>(text, parameters);
    } catch (error) {
      throw this.classify(error, operation);
    }
  }

  /** Runs one statement and returns the native error unclassified, for callers that branch on it. */
  async queryRaw<Row>(text: string, parameters: readonly unknown[] = []): Promise<Row[]> {
    if (this.clients === undefined) {
      const result = await this.db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]));
      return result.rows as Row[];
    }
    const client = await this.clients.connect();
    try {
      const result = await client.query(text, parameters as unknown[]);
      return result.rows as Row[];
    } finally {
      client.release();
    }
  }

  classify(error: unknown, operation: string): AgenticFlowError {
    if (this.closing.signal.aborted) return new ClosedError('PostgresEventStore', { cause: error });
    const context: PostgresErrorContext = {
      operation,
      target: this.target,
      schema: this.options.schema,
    };
    return classifyPostgresError(error, context);
  }
}
