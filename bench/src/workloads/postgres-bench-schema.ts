import pg from 'pg';
import { POSTGRES_URL } from '../floors/raw-pg-event-store.js';

/**
 * A schema of its own for one PostgreSQL benchmark part (the AgenticFlow store migrates into it,
 * the raw floor creates its table there), dropped with everything in it at the end. Schemas left
 * by an earlier run of the part whose process is gone (stopped at its hard limit) are dropped first.
 */
export async function withBenchSchema<T>(
  part: string,
  run: (schema: string) => Promise<T>,
): Promise<T> {
  const schema = `af_bench_${part}_${process.pid}`;
  const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  admin.on('error', () => {});
  try {
    const { rows } = await admin.query<{ name: string }>(
      'select nspname as name from pg_namespace where nspname like $1',
      [`af\\_bench\\_${part}\\_%`],
    );
    for (const { name } of rows) {
      if (name === schema || !isGone(Number(name.slice(name.lastIndexOf('_') + 1)))) continue;
      await admin.query(`drop schema if exists "${name}" cascade`);
    }
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`create schema "${schema}"`);
    return await run(schema);
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await admin.end();
  }
}

function isGone(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
