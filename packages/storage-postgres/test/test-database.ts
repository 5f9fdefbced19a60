import { testServiceUrls, uniqueToken, unreachableReason } from '@agenticflow/conformance';
import pg from 'pg';

/** The PostgreSQL the integration suites use (`AF_TEST_POSTGRES_URL`). */
export const POSTGRES_URL = testServiceUrls.postgres;

/** Why the suites cannot run here, or `undefined`. */
export const skip = await unreachableReason(POSTGRES_URL);

/** A schema name no other test or run uses. */
export function uniqueSchema(label: string): string {
  return `af_test_${label}_${uniqueToken('').slice(-12)}`;
}

/** A pool for test-side SQL (inspecting, blocking, killing); end it with `pool.end()`. */
export function adminPool(max = 4): pg.Pool {
  const pool = new pg.Pool({
    connectionString: POSTGRES_URL,
    max,
    application_name: 'af-test-admin',
  });
  pool.on('error', () => {});
  return pool;
}

/** Drops a schema made by a test, with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const pool = adminPool(1);
  try {
    await pool.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await pool.end();
  }
}

/** `POSTGRES_URL` with an `application_name`, to find a store's sessions in `pg_stat_activity`. */
export function urlWithApplicationName(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('application_name', name);
  return url.toString();
}
