import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel, SupervisorSteps, type TaskPlan, validatePlan } from '@agenticflow/agents';
import { defineJob } from '@agenticflow/cli';
import { ConfigurationError, type JsonValue } from '@agenticflow/core';
import { createAnalystTeam } from './analyst-team.js';
import { findFacts } from './facts.js';
import { goalFor } from './plan.js';
import { AUTO_APPROVER } from './run-analysis.js';

/** The AgenticFlow repository: analysed when no path is given. */
const REPOSITORY = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/**
 * The main job for the `agenticflow` CLI, on the CLI's store:
 * `agenticflow run examples/repo-analyst/src/job.ts [-- <repository> [--manual-approval]]`.
 * The approval gate is approved automatically unless `--manual-approval` is given; then
 * `agenticflow approve <runId>` (from any process) lets the plan run.
 */
export default defineJob({
  name: 'repo-analyst',
  description: 'A supervisor and its team of agents write a health report of a repository.',
  async open(ctx) {
    const manual = ctx.args.includes('--manual-approval');
    const path = ctx.args.find((arg) => !arg.startsWith('--'));
    const root = path === undefined ? REPOSITORY : resolve(ctx.cwd, path);
    const model = ctx.model ? await createModel(ctx.model) : undefined;
    const team = await createAnalystTeam({
      root,
      store: ctx.store,
      dataDir: ctx.dataDir,
      ...(model ? { model } : {}),
      // A worker in the bus group when one is configured, so tasks run in every `agenticflow
      // worker` process too; a client that runs no step for `approve` and `reject`.
      createEngine: ctx.createEngine,
    });
    const { supervisor } = team;
    const engine = supervisor.engine;
    return {
      engine,
      async start(runId) {
        const run = await supervisor.start(goalFor(team.root), {
          runId,
          context: { root: team.root },
        });
        if (manual) return;
        let failed = false;
        run.result().catch(() => {
          failed = true; // the CLI reports it from engine.result
        });
        while (!failed && (await supervisor.pendingPlan(runId)) === undefined)
          await new Promise((done) => setTimeout(done, 10));
        if (!failed)
          await supervisor.approve(runId, {
            actor: AUTO_APPROVER,
            comment: 'approved without review; pass -- --manual-approval to stop at the gate',
          });
      },
      async decide(runId, decision) {
        if (decision.task !== undefined)
          throw new ConfigurationError(
            `--task ${decision.task}: the repo-analyst plans have no task gates; approve or reject the plan of run ${runId} without --task`,
          );
        if ((await supervisor.pendingPlan(runId)) === undefined)
          throw new ConfigurationError(
            `run ${runId} is not waiting for plan approval: only a run at the gate can be approved or rejected`,
          );
        if (!decision.approved) {
          await supervisor.cancel(
            runId,
            `plan rejected by ${decision.actor}${decision.comment ? `: ${decision.comment}` : ''}`,
          );
          return;
        }
        let plan: TaskPlan | undefined;
        if (decision.plan !== undefined) {
          const checked = validatePlan(decision.plan);
          if (!checked.ok)
            throw new ConfigurationError(
              `the edited plan is invalid: ${checked.issues.join('; ')}: fix the file and approve again (the run still waits)`,
            );
          plan = checked.plan;
        }
        await engine.resume(runId, SupervisorSteps.approve, {
          actor: decision.actor,
          ...(decision.comment ? { comment: decision.comment } : {}),
          ...(plan ? { plan } : {}),
        });
      },
      summarize(output: JsonValue) {
        const results = (output as { results?: Record<string, unknown> }).results ?? {};
        const report = findFacts(results, 'report');
        return [`repository: ${team.root}`, `report: ${report?.path ?? '(none written)'}`];
      },
      close: () => team.close(),
    };
  },
});
