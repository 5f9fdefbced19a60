import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JsonValue } from '@agenticflow/core';
import type { GateDecision, JobRuntime } from '../jobs/define-job.js';
import { openJob } from '../jobs/open-job.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from './command-context.js';
import { type JobFlags, jobOfRun } from './resume-command.js';

/** Options of `approve` and `reject`. */
export interface DecideFlags extends JobFlags {
  readonly comment?: string;
  readonly actor?: string;
  /** A JSON file: the edited supervisor plan, or the payload for a plain `waitFor` step. */
  readonly plan?: string;
  /** A supervisor task whose gate to decide, instead of the run's. */
  readonly task?: string;
}

function readPlan(ctx: CommandContext, file: string): JsonValue {
  const path = resolve(ctx.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--plan ${file}: cannot read ${path}: check the path`);
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new UsageError(
      `--plan ${file} is not valid JSON (${(error as Error).message}): fix the file`,
    );
  }
}

/** Without a job-specific `decide`: resume the run's one suspended `waitFor` step. */
async function resumeGate(
  runtime: JobRuntime,
  runId: string,
  decision: GateDecision,
): Promise<string> {
  const run = await runtime.engine.getRun(runId);
  const waiting = Object.entries(run.steps)
    .filter(([, step]) => step.status === 'suspended')
    .map(([id]) => id);
  if (waiting.length !== 1)
    throw new UsageError(
      waiting.length === 0
        ? `run ${runId} is ${run.status} and has no step waiting for approval: nothing to ${decision.approved ? 'approve' : 'reject'}`
        : `run ${runId} waits on several steps (${waiting.join(', ')}): the job must define decide()`,
    );
  const stepId = waiting[0] as string;
  const payload = decision.plan ?? {
    approved: decision.approved,
    actor: decision.actor,
    ...(decision.comment ? { comment: decision.comment } : {}),
  };
  await runtime.engine.resume(runId, stepId, payload);
  return stepId;
}

/** `agenticflow approve|reject <runId>`: resolves the run's pending gate from any process. */
export async function decideCommand(
  ctx: CommandContext,
  runId: string,
  approved: boolean,
  flags: DecideFlags,
): Promise<number> {
  const config = await ctx.loadConfig();
  const record = await jobOfRun(ctx, runId, flags, []);
  const decision: GateDecision = {
    approved,
    actor: flags.actor ?? process.env.USER ?? 'agenticflow-cli',
    ...(flags.comment ? { comment: flags.comment } : {}),
    ...(flags.plan ? { plan: readPlan(ctx, flags.plan) } : {}),
    ...(flags.task ? { task: flags.task } : {}),
  };
  const opened = await openJob(config, {
    file: record.jobFile,
    args: record.args,
    cwd: record.cwd,
    role: 'client',
  });
  try {
    const { runtime } = opened;
    let where = decision.task ? `task ${decision.task}` : 'gate';
    if (runtime.decide) await runtime.decide(runId, decision);
    else if (decision.task)
      throw new UsageError(
        `--task ${decision.task}: job ${record.jobFile} has no decide() to resolve task gates; only supervisor jobs that define one take --task`,
      );
    else where = `step ${await resumeGate(runtime, runId, decision)}`;
    const verb = approved ? 'approved' : 'rejected';
    ctx.printer.jsonLine({
      kind: 'decision',
      runId,
      approved,
      task: decision.task ?? null,
      actor: decision.actor,
      comment: decision.comment ?? null,
    });
    ctx.printer.line(
      `run ${runId}: ${where} ${verb} by ${decision.actor}${decision.comment ? ` (${decision.comment})` : ''}`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}
