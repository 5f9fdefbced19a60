import { describe, expect, it } from 'vitest';
import { classifyPostgresError } from './classify-postgres-error.js';

const context = {
  operation: 'append to stream run-1',
  target: 'postgres://app:***@db:5432/prod',
  schema: 'agenticflow',
};

/** An error shaped like the ones `pg` throws for a server ErrorResponse. */
function pgError(code: string, message: string, constraint?: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR', constraint });
}

describe('classifyPostgresError', () => {
  it('maps a terminated session and a dropped socket to a retryable CONNECTION_FAILED', () => {
    for (const error of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('08006', 'connection failure'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
    ]) {
      const classified = classifyPostgresError(error, context);
      expect(classified.code).toBe('CONNECTION_FAILED');
      expect(classified.retryable).toBe(true);
      expect(classified.cause).toBe(error);
      expect(classified.message).toContain('postgres://app:***@db:5432/prod');
    }
  });

  it('maps a refused login to a CONNECTION_FAILED that is not retryable', () => {
    const classified = classifyPostgresError(
      pgError('28P01', 'password authentication failed for user "app"'),
      context,
    );
    expect(classified).toMatchObject({ code: 'CONNECTION_FAILED', retryable: false });
  });

  it('maps unique violations and serialization failures to conflicts', () => {
    expect(
      classifyPostgresError(pgError('23505', 'duplicate key', 'events_id_key'), context),
    ).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', retryable: false });
    expect(
      classifyPostgresError(
        pgError('23505', 'duplicate key', 'events_stream_version_key'),
        context,
      ),
    ).toMatchObject({ code: 'EXPECTED_VERSION_CONFLICT' });
    expect(
      classifyPostgresError(pgError('40001', 'could not serialize access'), context),
    ).toMatchObject({ code: 'EXPECTED_VERSION_CONFLICT', retryable: true });
    expect(classifyPostgresError(pgError('40P01', 'deadlock detected'), context)).toMatchObject({
      code: 'EXPECTED_VERSION_CONFLICT',
      retryable: true,
    });
  });

  it('says to migrate when the schema or its objects are missing', () => {
    const classified = classifyPostgresError(
      pgError('42P01', 'relation "agenticflow.events" does not exist'),
      context,
    );
    expect(classified.code).toBe('INVALID_CONFIGURATION');
    expect(classified.message).toContain('store.migrate()');
  });

  it('maps a statement timeout to a retryable TIMEOUT and anything else to INTERNAL with the SQLSTATE', () => {
    expect(
      classifyPostgresError(
        pgError('57014', 'canceling statement due to statement timeout'),
        context,
      ),
    ).toMatchObject({ code: 'TIMEOUT', retryable: true });
    const internal = classifyPostgresError(pgError('XX000', 'something broke'), context);
    expect(internal.code).toBe('INTERNAL');
    expect(internal.message).toContain('SQLSTATE XX000');
  });

  it('returns an AgenticFlowError unchanged', () => {
    const once = classifyPostgresError(pgError('57P01', 'terminating'), context);
    expect(classifyPostgresError(once, context)).toBe(once);
  });
});
