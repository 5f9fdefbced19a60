import { Budget, withTimeout } from './harness/budget.js';
import { emit, progress } from './harness/emit.js';
import type { Workload } from './harness/workload.js';
import { WORKLOADS } from './workloads/index.js';

// BENCH.md: every workload ends well under a minute, even a hung one.
const HARD_LIMIT_MS = 55_000;

/** The workloads named on the command line (case-insensitive), or all of them. */
function selectWorkloads(ids: readonly string[]): readonly Workload[] {
  if (ids.length === 0) return WORKLOADS;
  const known = [...new Set(WORKLOADS.map((workload) => workload.id))];
  const unknown = ids.filter((id) => !known.includes(id.toUpperCase()));
  if (unknown.length > 0) {
    progress(`bench: unknown workload ${unknown.join(', ')}; known workloads: ${known.join(', ')}`);
    process.exit(2);
  }
  const wanted = new Set(ids.map((id) => id.toUpperCase()));
  return WORKLOADS.filter((workload) => wanted.has(workload.id));
}

async function runWorkload(workload: Workload): Promise<boolean> {
  const hardMs = Math.min(workload.budgetMs * 2, HARD_LIMIT_MS);
  const budget = new Budget(workload.budgetMs, hardMs);
  const name = workload.part ? `${workload.id} (${workload.part})` : workload.id;
  progress(`${name}: ${workload.title}`);
  try {
    await withTimeout(
      workload.run({
        budget,
        progress,
        emit: (system, metric, value, unit) =>
          emit({ workload: workload.id, system, metric, value, unit }),
      }),
      hardMs,
      `workload ${name}`,
    );
    progress(`${name}: done in ${(budget.elapsedMs() / 1000).toFixed(1)} s`);
    return true;
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    progress(`${name}: FAILED after ${(budget.elapsedMs() / 1000).toFixed(1)} s: ${detail}`);
    return false;
  }
}

async function main(): Promise<void> {
  // `pnpm start -- W0` passes a literal `--` through; it is not a workload id.
  const ids = process.argv.slice(2).filter((arg) => arg !== '--');
  const workloads = selectWorkloads(ids);
  const failed: string[] = [];
  for (const workload of workloads) {
    if (!(await runWorkload(workload)))
      failed.push(workload.part ? `${workload.id} (${workload.part})` : workload.id);
  }
  if (failed.length > 0) {
    progress(`bench: ${failed.join(', ')} failed; their figures are missing or incomplete`);
    await exitAfterFlush(1);
  }
  // A timed-out workload may leave timers behind; the run is over either way.
  await exitAfterFlush(0);
}

/** Exits once stdout has taken every figure (pipes are asynchronous on some platforms). */
async function exitAfterFlush(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

await main();
