import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '../harness/budget.js';
import { expectEqual, ResultCheckError } from '../harness/checks.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const CHILD = fileURLToPath(new URL('./w6-sandbox-child.ts', import.meta.url));
const BUDGET_MS = 25_000;

interface SystemFigures {
  readonly system: string;
  readonly cold_start_ms: number;
  readonly warm_call_us: number;
}

/**
 * Runs the measurements in a child process: isolated-vm needs Node started with
 * `--no-node-snapshot` (Node >= 20), which the bench process is not.
 */
function runChild(softMs: number): Promise<SystemFigures[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--import', 'tsx', CHILD, String(softMs)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new ResultCheckError(`the W6 child exited with ${code}`));
      else
        resolve(
          stdout
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as SystemFigures),
        );
    });
  });
}

/** W6: a tool whose code is a 1 KB JSON transform, in the sandbox, against raw isolated-vm. */
export const w6Sandbox: Workload = {
  id: 'W6',
  part: 'sandbox',
  title:
    'a 1 KB JSON-transform tool run in the isolated-vm sandbox (validation included) vs raw applySync',
  budgetMs: BUDGET_MS,
  async run(context: WorkloadContext) {
    const figures = await withTimeout(
      runChild(BUDGET_MS - 5_000),
      BUDGET_MS * 2 - 2_000,
      'the W6 child',
    );
    expectEqual(figures.length, 2, 'systems measured');
    for (const { system, cold_start_ms, warm_call_us } of figures) {
      context.emit(system, 'cold_start_ms', cold_start_ms, 'ms');
      context.emit(system, 'warm_call_us', warm_call_us, 'µs');
    }
    const raw = figures.find((entry) => entry.system === 'raw-isolated-vm')!;
    const ours = figures.find((entry) => entry.system === 'agenticflow-sandbox')!;
    context.emit(
      'agenticflow-sandbox',
      'warm_ratio_vs_raw',
      ours.warm_call_us / raw.warm_call_us,
      'x',
    );
  },
};
