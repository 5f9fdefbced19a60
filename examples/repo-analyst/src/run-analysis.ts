import type {
  PlanRequest,
  SupervisorOutput,
  SupervisorRunHandle,
  TaskPlan,
} from '@agenticflow/agents';
import { ConfigurationError, type JsonValue, newId } from '@agenticflow/core';
import { type AnalystTeam, createAnalystTeam, type TeamOptions } from './analyst-team.js';
import { findFacts } from './facts.js';
import { goalFor } from './plan.js';
import { ProgressFollower } from './progress.js';

/** The actor recorded when the example approves its own plan. */
export const AUTO_APPROVER = 'repo-analyst (auto-approve)';

export interface AnalysisOptions extends TeamOptions {
  /** `'manual'` stops at the approval gate. @defaultValue 'auto' */
  readonly approval?: 'auto' | 'manual';
  /** Receives the progress lines. @defaultValue nothing printed */
  readonly print?: (line: string) => void;
}

/** How an analysis ended. */
export type AnalysisOutcome =
  | {
      readonly status: 'completed';
      readonly runId: string;
      readonly storePath: string;
      readonly reportPath: string;
      readonly output: SupervisorOutput;
    }
  | {
      readonly status: 'awaiting-approval';
      readonly runId: string;
      readonly storePath: string;
      readonly plan: TaskPlan;
    };

/** Plans, approves (unless `approval: 'manual'`) and runs a health report of `options.root`. */
export async function analyseRepository(options: AnalysisOptions): Promise<AnalysisOutcome> {
  const print = options.print ?? (() => {});
  const team = await createAnalystTeam(options);
  try {
    const runId = newId();
    const progress = new ProgressFollower(team.store, runId, print);
    const context: JsonValue = { root: team.root };
    const run = await team.supervisor.start(goalFor(team.root), { runId, context });
    const plan = await planAtGate(team, run);
    if (options.approval === 'manual') {
      await progress.close();
      return { status: 'awaiting-approval', runId, storePath: team.storePath, plan };
    }
    await team.supervisor.approve(runId, {
      actor: AUTO_APPROVER,
      comment: 'approved without review; --manual-approval stops here instead',
    });
    return await finish(team, runId, run.result(), progress);
  } finally {
    await team.close();
  }
}

/** Approves (or rejects) a run waiting at the gate, from this or another process, and finishes it. */
export async function decideRun(
  runId: string,
  decision: { readonly approve: string } | { readonly reject: string },
  options: AnalysisOptions,
): Promise<AnalysisOutcome | { readonly status: 'rejected'; readonly runId: string }> {
  const print = options.print ?? (() => {});
  const team = await createAnalystTeam(options);
  try {
    const stored = await team.supervisor.engine.getRun(runId).catch((error: unknown) => {
      throw new ConfigurationError(
        `no run ${runId} in ${team.storePath}: check the runId, and pass the --data-dir (or repository path) it was started with`,
        { cause: error },
      );
    });
    const storedRoot = (
      (stored.input as unknown as PlanRequest).context as { root?: string } | undefined
    )?.root;
    if (storedRoot !== team.root)
      throw new ConfigurationError(
        `run ${runId} analyses ${String(storedRoot)}, not ${team.root}: pass ${String(storedRoot)} as the repository path`,
      );
    if ((await team.supervisor.pendingPlan(runId)) === undefined)
      throw new ConfigurationError(
        `run ${runId} is not waiting for approval (it is ${stored.status}): only a run stopped at the gate can be approved or rejected`,
      );
    const progress = new ProgressFollower(team.store, runId, print);
    await progress.flush(); // the plan, proposed by the process that started the run
    if ('reject' in decision) {
      await team.supervisor.cancel(runId, decision.reject);
      await progress.close();
      return { status: 'rejected', runId };
    }
    await team.supervisor.approve(runId, { actor: decision.approve });
    return await finish(team, runId, team.supervisor.result(runId), progress);
  } finally {
    await team.close();
  }
}

async function planAtGate(team: AnalystTeam, run: SupervisorRunHandle): Promise<TaskPlan> {
  // A planning failure (an invalid model plan, a missing key) ends the run before the gate.
  let failure: unknown;
  run.result().catch((error: unknown) => {
    failure = error;
  });
  for (;;) {
    if (failure !== undefined) throw failure;
    const plan = await team.supervisor.pendingPlan(run.runId);
    if (plan) return plan;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function finish(
  team: AnalystTeam,
  runId: string,
  result: Promise<SupervisorOutput>,
  progress: ProgressFollower,
): Promise<AnalysisOutcome> {
  try {
    const output = await result;
    const report = findFacts(output.results, 'report');
    return {
      status: 'completed',
      runId,
      storePath: team.storePath,
      reportPath: report?.path ?? team.reportPath(runId),
      output,
    };
  } finally {
    await progress.close();
  }
}
