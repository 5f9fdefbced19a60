import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '../harness/budget.js';
import { expectEqual, expectTrue, ResultCheckError } from '../harness/checks.js';
import { median } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const BASELINE_SCRIPT = fileURLToPath(new URL('../../fixtures/empty.mjs', import.meta.url));
const IMPORT_SCRIPT = fileURLToPath(
  new URL('../../fixtures/import-agenticflow.mjs', import.meta.url),
);
const WARMUPS = 3;
const REPEATS = 15;
const MIN_REPEATS = 5;
const CHILD_TIMEOUT_MS = 10_000;

// Without the parent's NODE_OPTIONS, so a loader (tsx, a profiler) cannot slow only the children.
const { NODE_OPTIONS: _ignored, ...childEnv } = process.env;

interface ChildRun {
  readonly ms: number;
  readonly stdout: string;
}

/** Runs `node script` to completion; its wall time is spawn to exit. */
function runNode(script: string, args: readonly string[] = []): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, [script, ...args], {
      env: childEnv,
      stdio: ['ignore', args.length > 0 ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - startedAt;
      if (code === 0) resolve({ ms, stdout });
      else reject(new ResultCheckError(`node ${script} exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/** Checks that the import script loaded core at least, and says which packages it loaded. */
async function reportIncluded(context: WorkloadContext): Promise<void> {
  const { stdout } = await runNode(IMPORT_SCRIPT, ['--report']);
  const included = JSON.parse(stdout) as Array<{ name: string; exports: number }>;
  const core = included.find((entry) => entry.name === '@agenticflow/core');
  expectTrue(
    core !== undefined && core.exports > 0,
    `@agenticflow/core must import, got ${stdout}`,
  );
  context.progress(
    `  agenticflow imports: ${included.map((entry) => `${entry.name} (${entry.exports} exports)`).join(', ')}`,
  );
}

/** W0: process start plus import of the AgenticFlow packages, against an empty script. */
export const w0Import: Workload = {
  id: 'W0',
  title: 'process start + import of core, workflows, agents, tools against an empty node script',
  budgetMs: 20_000,
  async run(context: WorkloadContext) {
    await reportIncluded(context);
    const once = (script: string) =>
      withTimeout(runNode(script), CHILD_TIMEOUT_MS, `node ${script}`);
    for (let index = 0; index < WARMUPS; index++) {
      await once(BASELINE_SCRIPT);
      await once(IMPORT_SCRIPT);
    }
    // Interleaved, so a slow patch of the machine hits both systems alike.
    const baseline: number[] = [];
    const agenticflow: number[] = [];
    while (agenticflow.length < REPEATS) {
      if (agenticflow.length >= MIN_REPEATS && context.budget.remainingMs() < 0) break;
      baseline.push((await once(BASELINE_SCRIPT)).ms);
      agenticflow.push((await once(IMPORT_SCRIPT)).ms);
    }
    expectEqual(baseline.length, agenticflow.length, 'runs of each system');
    context.progress(`  ${agenticflow.length} runs of each after ${WARMUPS} warm-up`);
    const baselineMs = median(baseline);
    const agenticflowMs = median(agenticflow);
    context.emit('node-baseline', 'import_ms', baselineMs, 'ms');
    context.emit('agenticflow', 'import_ms', agenticflowMs, 'ms');
    context.emit('agenticflow', 'ratio_vs_baseline', agenticflowMs / baselineMs, 'x');
  },
};
