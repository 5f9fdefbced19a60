import { describeValue } from '@agenticflow/core';
import { expectThrownCode } from '@agenticflow/core/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresEventStore } from './postgres-event-store.js';
import { resolveOptions } from './postgres-event-store-options.js';
import { redactUrl } from './redact-url.js';
import { channelName } from './schema-name.js';

const url = 'postgres://app:secret@127.0.0.1:5432/db';

describe('PostgresEventStore options', () => {
  it('fills in the documented defaults', () => {
    expect(resolveOptions({ connectionString: url })).toEqual({
      schema: 'agenticflow',
      poolSize: 10,
      connectAttempts: 5,
      connectTimeoutMs: 5_000,
      pollIntervalMs: 1_000,
      notifyIntervalMs: 20,
      settleTimeoutMs: 2_000,
      readPageSize: 500,
      maxEventBytes: 1024 * 1024,
      maxSnapshotBytes: 16 * 1024 * 1024,
    });
  });

  it('rejects schema names that are not plain lower-case identifiers, naming the value', () => {
    for (const schema of ['', 'Events', '1events', 'a-b', 'x'.repeat(64), 'public"; drop', 42]) {
      const error = expectThrownCode(
        () => resolveOptions({ connectionString: url, schema: schema as string }),
        'INVALID_CONFIGURATION',
      );
      expect(error.message).toContain('invalid schema name');
      expect(error.message).toContain(describeValue(schema));
    }
    expect(resolveOptions({ connectionString: url, schema: 'x'.repeat(63) }).schema).toHaveLength(
      63,
    );
  });

  it('needs exactly one of connectionString, pool or kysely', () => {
    const pool = new pg.Pool({ connectionString: url });
    expect(expectThrownCode(() => resolveOptions({}), 'INVALID_CONFIGURATION').message).toContain(
      'got none',
    );
    expect(
      expectThrownCode(
        () => resolveOptions({ connectionString: url, pool }),
        'INVALID_CONFIGURATION',
      ).message,
    ).toContain('connectionString and pool');
    expectThrownCode(() => resolveOptions(undefined as never), 'INVALID_CONFIGURATION');
  });

  it('rejects out-of-range numbers with the option, the value and the allowed range', () => {
    const error = expectThrownCode(
      () => resolveOptions({ connectionString: url, poolSize: 0 }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toBe('invalid poolSize 0: use an integer from 1 to 10000 (default 10)');
    expectThrownCode(
      () => resolveOptions({ connectionString: url, pollIntervalMs: 1.5 }),
      'INVALID_CONFIGURATION',
    );
    expectThrownCode(
      () => resolveOptions({ connectionString: url, settleTimeoutMs: '5' as never }),
      'INVALID_CONFIGURATION',
    );
  });

  it('rejects a connection string that is not a PostgreSQL URL without printing its password', () => {
    const error = expectThrownCode(
      () => new PostgresEventStore({ connectionString: 'mysql://root:hunter2@db/x' }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('mysql://root:***@db/x');
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a pool or kysely option of the wrong kind', () => {
    expectThrownCode(
      () => new PostgresEventStore({ pool: {} as pg.Pool }),
      'INVALID_CONFIGURATION',
    );
    expectThrownCode(
      () => new PostgresEventStore({ kysely: {} as Kysely<unknown> }),
      'INVALID_CONFIGURATION',
    );
  });

  it('accepts a typed Kysely instance and declares polling-only capabilities without a LISTEN URL', async () => {
    interface Database {
      users: { id: number };
    }
    const pool = new pg.Pool({ connectionString: url });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const store = new PostgresEventStore({ kysely });
    expect(store.capabilities).toMatchObject({
      durable: true,
      multiProcess: true,
      liveNotifications: false,
    });
    await store.close();
    await kysely.destroy();
  });
});

describe('redactUrl', () => {
  it('hides passwords in the user info and in query parameters', () => {
    expect(redactUrl('postgres://u:p%40ss@h:5432/d')).toBe('postgres://u:***@h:5432/d');
    expect(redactUrl('postgres://u@h/d?password=x&sslmode=require')).toBe(
      'postgres://u@h/d?password=***&sslmode=require',
    );
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactUrl('not a url //u:pw@h')).toBe('not a url //u:***@h');
  });
});

describe('channelName', () => {
  it('stays within the 63 bytes PostgreSQL allows for a channel', () => {
    expect(channelName('agenticflow')).toBe('af_agenticflow');
    expect(channelName('x'.repeat(63))).toHaveLength(63);
  });
});
