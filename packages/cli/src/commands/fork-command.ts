import { forkRun } from '@agenticflow/workflows';
import { readJobRecord, recordJob } from '../jobs/job-record.js';
import type { CommandContext } from './command-context.js';
import { withStore } from './with-store.js';

/**
 * `agenticflow fork <runId> --at <version>`: a new run sharing the history up to `version`. The
 * job record is copied, so `agenticflow resume <newRunId>` continues the fork.
 */
export async function forkCommand(
  ctx: CommandContext,
  runId: string,
  atVersion: number,
): Promise<number> {
  const { printer } = ctx;
  return withStore(ctx, async (store) => {
    const forkId = await forkRun(store, runId, atVersion);
    const record = await readJobRecord(store, runId);
    if (record) await recordJob(store, forkId, record);
    printer.jsonLine({ kind: 'fork', runId, atVersion, forkId });
    printer.line(`forked run ${runId} at version ${atVersion} as ${forkId}`);
    printer.line(
      `  continue it with: agenticflow resume ${forkId}${record ? '' : ' --job <file>'}`,
    );
    return 0;
  });
}
