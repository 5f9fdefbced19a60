import { type EventStore, NotFoundError } from '@agenticflow/core';

/** What the CLI records about a run it starts, so `resume`, `approve` and `worker` can reopen its job. */
export interface JobRecord {
  readonly job: string;
  readonly jobFile: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** The stream of a run's job record. */
export function jobRecordStream(runId: string): string {
  return `cli-job-${runId}`;
}

/** The type of the record event. */
export const JOB_RECORDED = 'cli.job.recorded';

/** Records the job of a run about to start (before the run's first event). */
export async function recordJob(
  store: EventStore,
  runId: string,
  record: JobRecord,
): Promise<void> {
  await store.append(
    jobRecordStream(runId),
    [{ type: JOB_RECORDED, data: { ...record, args: [...record.args] } }],
    {
      expectedVersion: 'no_stream',
    },
  );
}

/** Reads a run's job record; for a run started outside the CLI it is `undefined`. */
export async function readJobRecord(
  store: EventStore,
  runId: string,
): Promise<JobRecord | undefined> {
  for await (const event of store.readStream(jobRecordStream(runId), { limit: 1 }))
    return event.data as JobRecord;
  return undefined;
}

/** Reads a run's job record, or explains how to name the job instead. */
export async function requireJobRecord(store: EventStore, runId: string): Promise<JobRecord> {
  const record = await readJobRecord(store, runId);
  if (record) return record;
  throw new NotFoundError(
    `run ${runId} has no job record in this store (it was not started by agenticflow run, or the id is wrong): pass --job <file> [-- args]`,
  );
}
