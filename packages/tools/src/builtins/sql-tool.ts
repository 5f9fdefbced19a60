import { ConfigurationError } from '@agenticflow/core';
import type { z as Zod } from 'zod';
import { defineTool } from '../define-tool.js';
import type { ApprovalPolicy, Tool } from '../tool-types.js';
import { lazyZod } from '../util/lazy-zod.js';
import { classifySqlError } from './classify-sql-error.js';

/** What a query returns: `pg`'s result has this shape. */
export interface SqlQueryResult {
  readonly rows: readonly Record<string, unknown>[];
}

/** A connection that runs parameterized queries. `pg.Client` and `pg.PoolClient` fit. */
export interface SqlConnection {
  query(text: string, values?: readonly unknown[]): Promise<SqlQueryResult>;
}

/** A pool that lends connections (`pg.Pool` fits): each call runs on its own connection. */
export interface SqlPool {
  connect(): Promise<SqlConnection & { release(error?: Error | boolean): void }>;
}

/** Options of {@link createSqlTool}. */
export interface SqlToolOptions<Params extends Zod.ZodType> {
  readonly name: string;
  readonly description: string;
  /** A pool to lend a connection per call (`pg.Pool`). Give this or `client`. */
  readonly pool?: SqlPool;
  /** One dedicated connection (`pg.Client`); calls on it run one at a time. Give this or `pool`. */
  readonly client?: SqlConnection;
  /**
   * The query: values as `$1…$n` parameters, never spliced; identifiers (tables, columns, sort
   * keys) as `{{name}}` placeholders, chosen by the model from `identifiers` and quoted.
   */
  readonly query: string;
  /** Zod schema of the parameters array, such as `z.tuple([z.string(), z.number().int()])`. */
  readonly params: Params;
  /** Allowed values of each `{{name}}` placeholder. */
  readonly identifiers?: Readonly<Record<string, readonly [string, ...string[]]>>;
  /** Run in `BEGIN READ ONLY`, so a write fails with `PERMISSION_DENIED`. @defaultValue true */
  readonly readOnly?: boolean;
  /** Rows returned at most; more are cut and flagged. @defaultValue 1_000 */
  readonly maxRows?: number;
  /** `statement_timeout` of the query. @defaultValue 10_000 */
  readonly timeoutMs?: number;
  /** @defaultValue ['sql:read'] when read-only, else ['sql:write'] */
  readonly permissions?: readonly string[];
  /** @defaultValue 'never' */
  readonly approval?: ApprovalPolicy;
}

const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

const queues = new WeakMap<SqlConnection, Promise<void>>();

/** Waits for earlier calls on `connection` and returns the function that lets the next one in. */
async function lock(connection: SqlConnection): Promise<() => void> {
  const previous = queues.get(connection) ?? Promise.resolve();
  let release: () => void = () => {};
  queues.set(connection, new Promise<void>((resolve) => (release = resolve)));
  await previous;
  return release;
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A tool that runs one parameterized SQL query. The model supplies parameter values (validated by
 * `params`, sent as `$n` parameters) and, for `{{name}}` placeholders, identifiers picked from an
 * allowlist; it never writes SQL. Read-only by default (`BEGIN READ ONLY` … `COMMIT`), with a
 * statement timeout and a row cap. Needs the grant `sql:read` (or `sql:write`).
 *
 * @example
 * ```ts
 * createSqlTool({
 *   name: 'orders.by_status',
 *   description: 'Orders with a status, newest first',
 *   pool,
 *   query: 'SELECT id, total FROM orders WHERE status = $1 ORDER BY {{sort}} DESC LIMIT $2',
 *   params: z.tuple([z.enum(['open', 'paid']), z.number().int().max(100)]),
 *   identifiers: { sort: ['created_at', 'total'] },
 * });
 * ```
 */
export function createSqlTool<Params extends Zod.ZodType>(options: SqlToolOptions<Params>): Tool {
  const z = lazyZod();
  const identifiers = options.identifiers ?? {};
  const used = [...options.query.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  for (const name of used) {
    if (!identifiers[name]?.length) {
      throw new ConfigurationError(
        `SQL tool ${options.name}: the placeholder {{${name}}} has no allowlist: add identifiers.${name}`,
      );
    }
  }
  if ((options.pool === undefined) === (options.client === undefined)) {
    throw new ConfigurationError(`SQL tool ${options.name}: give exactly one of pool and client`);
  }
  const readOnly = options.readOnly ?? true;
  const maxRows = options.maxRows ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (
    !Number.isInteger(timeoutMs) ||
    timeoutMs <= 0 ||
    !Number.isInteger(maxRows) ||
    maxRows <= 0
  ) {
    throw new ConfigurationError(
      `SQL tool ${options.name}: maxRows and timeoutMs must be positive integers`,
    );
  }
  const identifierShape = Object.fromEntries(
    [...new Set(used)].map((name) => [name, z.enum(identifiers[name] as [string, ...string[]])]),
  );
  return defineTool({
    name: options.name,
    description: options.description,
    input: z.object({
      params: options.params,
      ...(used.length > 0 ? { identifiers: z.object(identifierShape) } : {}),
    }),
    permissions: options.permissions ?? [readOnly ? 'sql:read' : 'sql:write'],
    timeoutMs: timeoutMs + 2_000,
    ...(options.approval ? { approval: options.approval } : {}),
    async execute(input, context) {
      const chosen =
        (input as unknown as { identifiers?: Record<string, string> }).identifiers ?? {};
      const text = options.query.replace(PLACEHOLDER, (_, name: string) =>
        quoteIdentifier(chosen[name]!),
      );
      const values = (input as unknown as { params: unknown[] }).params;
      const lent = options.pool ? await options.pool.connect() : undefined;
      const connection: SqlConnection = lent ?? options.client!;
      const release = lent ? undefined : await lock(connection);
      let broken = false;
      try {
        await connection.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        try {
          await connection.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
          const result = await connection.query(text, values);
          await connection.query('COMMIT');
          return {
            rows: result.rows.slice(0, maxRows),
            rowCount: result.rows.length,
            truncated: result.rows.length > maxRows,
          };
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw classifySqlError(error, context.toolName, context.caller.id);
        }
      } finally {
        lent?.release(broken);
        release?.();
      }
    },
  });
}
