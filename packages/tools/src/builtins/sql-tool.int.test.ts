import {
  servicesRequired,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ToolExecutor } from '../executor/tool-executor.js';
import { ToolRegistry } from '../tool-registry.js';
import { createSqlTool } from './sql-tool.js';

const skip = await unreachableReason(testServiceUrls.postgres);
if (skip && servicesRequired())
  throw new Error(`AF_REQUIRE_SERVICES=1 but PostgreSQL is unreachable: ${skip}`);
if (skip) console.warn(`skipping the SQL tool suite: ${skip}`);

const schema = `af_tools_${uniqueToken()
  .replace(/[^a-z0-9_]/gi, '_')
  .toLowerCase()}`;
let pool: pg.Pool;
let single: pg.Client;
const caller = { id: 'analyst', grants: ['sql:read', 'sql:write'] };

function executorFor(
  client: { pool: pg.Pool } | { client: pg.Client },
  extra: Partial<Parameters<typeof createSqlTool>[0]> = {},
) {
  const registry = new ToolRegistry();
  registry.register(
    createSqlTool({
      name: 'orders.by_status',
      description: 'orders with a status',
      ...client,
      query: `SELECT id, total FROM ${schema}.{{table}} WHERE status = $1 ORDER BY {{sort}} DESC LIMIT $2`,
      params: z.tuple([z.string(), z.number().int().max(100)]),
      identifiers: { table: ['orders', 'archived_orders'], sort: ['id', 'total'] },
      ...extra,
    }),
  );
  return new ToolExecutor({ registry });
}

describe.skipIf(skip !== undefined)('SQL tool against PostgreSQL', () => {
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testServiceUrls.postgres, max: 4 });
    single = new pg.Client({ connectionString: testServiceUrls.postgres });
    await single.connect();
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${schema}.orders (id int PRIMARY KEY, status text, total int)`);
    await pool.query(
      `CREATE TABLE ${schema}.archived_orders (id int PRIMARY KEY, status text, total int)`,
    );
    await pool.query(
      `INSERT INTO ${schema}.orders VALUES (1, 'open', 10), (2, 'open', 30), (3, 'paid', 20), (4, 'open', 5)`,
    );
  });
  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await single?.end();
    await pool?.end();
  });

  const args = (status: string, limit: number, sort = 'total', table = 'orders') => ({
    params: [status, limit],
    identifiers: { table, sort },
  });

  it('runs the parameterized query with identifiers from the allowlist', async () => {
    const result = await executorFor({ pool }).execute('orders.by_status', args('open', 2), {
      caller,
    });
    expect(result.output).toEqual({
      rows: [
        { id: 2, total: 30 },
        { id: 1, total: 10 },
      ],
      rowCount: 2,
      truncated: false,
    });
  });

  it('works on a single client too', async () => {
    const result = await executorFor({ client: single }).execute(
      'orders.by_status',
      args('paid', 5, 'id'),
      { caller },
    );
    expect(result.output).toMatchObject({ rows: [{ id: 3, total: 20 }] });
  });

  it('sends values as parameters, so SQL in a value is just a value', async () => {
    const result = await executorFor({ pool }).execute(
      'orders.by_status',
      args("open' OR '1'='1", 100),
      { caller },
    );
    expect(result.output).toMatchObject({ rows: [] });
  });

  it('refuses an identifier outside the allowlist with VALIDATION_FAILED', async () => {
    for (const [sort, table] of [
      ['total; DROP TABLE orders', 'orders'],
      ['total', 'pg_shadow'],
      ['"total"', 'orders'],
    ]) {
      await expectRejectedCode(
        executorFor({ pool }).execute('orders.by_status', args('open', 1, sort, table), { caller }),
        'VALIDATION_FAILED',
      );
    }
  });

  it('runs read-only by default: a write fails with PERMISSION_DENIED and changes nothing', async () => {
    const registry = new ToolRegistry();
    registry.register(
      createSqlTool({
        name: 'orders.close',
        description: 'closes an order',
        pool,
        query: `UPDATE ${schema}.orders SET status = 'closed' WHERE id = $1 RETURNING id`,
        params: z.tuple([z.number().int()]),
      }),
    );
    const error = await expectRejectedCode(
      new ToolExecutor({ registry }).execute('orders.close', { params: [1] }, { caller }),
      'PERMISSION_DENIED',
    );
    expect(error.details.sqlstate).toBe('25006');
    expect((await pool.query(`SELECT status FROM ${schema}.orders WHERE id = 1`)).rows).toEqual([
      { status: 'open' },
    ]);
  });

  it('writes when made writable, with the sql:write grant', async () => {
    const registry = new ToolRegistry();
    registry.register(
      createSqlTool({
        name: 'orders.close',
        description: 'closes an order',
        pool,
        readOnly: false,
        query: `UPDATE ${schema}.orders SET status = 'closed' WHERE id = $1 RETURNING id`,
        params: z.tuple([z.number().int()]),
      }),
    );
    const executor = new ToolExecutor({ registry });
    await expectRejectedCode(
      executor.execute(
        'orders.close',
        { params: [4] },
        { caller: { id: 'r', grants: ['sql:read'] } },
      ),
      'PERMISSION_DENIED',
    );
    await expect(
      executor.execute('orders.close', { params: [4] }, { caller }),
    ).resolves.toMatchObject({ output: { rows: [{ id: 4 }] } });
  });

  it('cuts rows at maxRows and flags it', async () => {
    const result = await executorFor({ pool }, { maxRows: 1 }).execute(
      'orders.by_status',
      args('open', 100),
      { caller },
    );
    expect(result.output).toMatchObject({ rows: [{ id: 2 }], rowCount: 2, truncated: true });
  });

  it('stops a slow query at its statement timeout with TIMEOUT', async () => {
    const registry = new ToolRegistry();
    registry.register(
      createSqlTool({
        name: 'slow',
        description: 'sleeps',
        pool,
        query: 'SELECT pg_sleep($1)',
        params: z.tuple([z.number()]),
        timeoutMs: 100,
      }),
    );
    await expectRejectedCode(
      new ToolExecutor({ registry }).execute('slow', { params: [5] }, { caller }),
      'TIMEOUT',
    );
  });

  it('refuses a placeholder without an allowlist when created', () => {
    expectThrownCode(
      () =>
        createSqlTool({
          name: 'x',
          description: 'd',
          pool,
          query: 'SELECT * FROM {{t}}',
          params: z.tuple([]),
        }),
      'INVALID_CONFIGURATION',
    );
  });
});
