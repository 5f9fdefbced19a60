import type { AgenticEvent, EventStore } from '@agenticflow/core';
import { type RunSnapshot, replayRun, runStreamId } from '@agenticflow/workflows';
import { readJobRecord } from '../jobs/job-record.js';
import { describeEvent, eventJson } from '../output/describe-event.js';
import type { Printer } from '../output/printer.js';
import type { CommandContext } from './command-context.js';
import { withStore } from './with-store.js';

interface PlanTask {
  readonly id: string;
  readonly title?: string;
  readonly capabilities?: readonly string[];
  readonly dependsOn?: readonly string[];
}

/** The supervisor's plan and the state of each task, read from the run's supervisor events. */
export function supervisorTasks(
  events: readonly AgenticEvent[],
): Array<PlanTask & { state: string; agent?: string }> | undefined {
  let plan: PlanTask[] | undefined;
  const state = new Map<string, { state: string; agent?: string }>();
  for (const event of events) {
    const data = event.data as { plan?: { tasks?: PlanTask[] }; taskId?: string; agentId?: string };
    if (
      (event.type === 'supervisor.plan.proposed' || event.type === 'supervisor.plan.edited') &&
      data.plan?.tasks
    )
      plan = data.plan.tasks;
    const taskState =
      /^supervisor\.task\.(assigned|awaiting-approval|approved|completed|failed|escalated)$/.exec(
        event.type,
      )?.[1];
    if (taskState && data.taskId)
      state.set(data.taskId, {
        ...state.get(data.taskId),
        state: taskState,
        ...(data.agentId ? { agent: data.agentId } : {}),
      });
  }
  return plan?.map((task) => ({ ...task, ...(state.get(task.id) ?? { state: 'planned' }) }));
}

async function readRun(
  store: EventStore,
  runId: string,
  toVersion?: number,
): Promise<AgenticEvent[]> {
  const events: AgenticEvent[] = [];
  for await (const event of store.readStream(
    runStreamId(runId),
    toVersion ? { limit: toVersion } : {},
  ))
    events.push(event);
  return events;
}

/** Prints a run's state: status, steps with their durations, and the supervisor's tasks. */
export function printRunState(
  printer: Printer,
  snapshot: RunSnapshot,
  tasks: ReturnType<typeof supervisorTasks>,
): void {
  printer.line(
    `run ${snapshot.runId}: ${snapshot.status} (workflow ${snapshot.workflow} v${snapshot.workflowVersion}, version ${snapshot.version})`,
  );
  if (snapshot.forkedFrom)
    printer.line(
      `  forked from ${snapshot.forkedFrom.runId} at version ${snapshot.forkedFrom.version}`,
    );
  if (snapshot.error) printer.line(`  error: ${snapshot.error.message}`);
  printer.line('steps:');
  for (const [id, step] of Object.entries(snapshot.steps)) {
    const took = step.durationMs === undefined ? '' : ` ${step.durationMs} ms`;
    printer.line(`  ${id.padEnd(24)} ${step.status.padEnd(10)} attempt ${step.attempt}${took}`);
  }
  if (tasks) {
    printer.line('supervisor tasks:');
    for (const task of tasks)
      printer.line(
        `  ${task.id.padEnd(24)} ${task.state.padEnd(17)} ${task.agent ?? ''}${task.dependsOn?.length ? ` after ${task.dependsOn.join(', ')}` : ''}`,
      );
  }
}

/** `agenticflow inspect <runId>`: the timeline of events, step durations and the current state. */
export async function inspectCommand(ctx: CommandContext, runId: string): Promise<number> {
  const { printer } = ctx;
  return withStore(ctx, async (store) => {
    const snapshot = await replayRun(store, runId);
    const events = await readRun(store, runId);
    const tasks = supervisorTasks(events);
    const job = await readJobRecord(store, runId);
    if (printer.json) {
      printer.jsonLine({
        kind: 'inspect',
        run: snapshot,
        job: job ?? null,
        tasks: tasks ?? null,
        events: events.map(eventJson),
      });
      return 0;
    }
    if (job)
      printer.line(
        `job ${job.job} (${job.jobFile}${job.args.length ? ` ${job.args.join(' ')}` : ''})`,
      );
    printer.line('timeline:');
    const start = Date.parse(events[0]?.time ?? new Date().toISOString());
    for (const event of events) {
      const offset = ((Date.parse(event.time) - start) / 1_000).toFixed(3).padStart(9);
      const line = describeEvent(event, runId) ?? event.type;
      printer.line(
        `  ${String(event.version).padStart(4)} +${offset}s ${event.type.padEnd(26)} ${line === event.type ? '' : line}`,
      );
    }
    printRunState(printer, snapshot, tasks);
    return 0;
  });
}

/** `agenticflow replay <runId> [--to <version>]`: the state rebuilt from the log alone, no side effects. */
export async function replayCommand(
  ctx: CommandContext,
  runId: string,
  toVersion: number | undefined,
): Promise<number> {
  const { printer } = ctx;
  return withStore(ctx, async (store) => {
    const snapshot = await replayRun(store, runId, toVersion === undefined ? {} : { toVersion });
    const tasks = supervisorTasks(await readRun(store, runId, toVersion));
    if (printer.json)
      printer.jsonLine({
        kind: 'replay',
        toVersion: snapshot.version,
        run: snapshot,
        tasks: tasks ?? null,
      });
    else {
      printer.line(`replayed from the log up to version ${snapshot.version} (no step was run)`);
      printRunState(printer, snapshot, tasks);
    }
    return 0;
  });
}
