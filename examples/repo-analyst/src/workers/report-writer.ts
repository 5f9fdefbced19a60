import { basename } from 'node:path';
import {
  createLlmAgent,
  type Model,
  readSupervisorEvents,
  type SupervisorWorker,
  type TaskPlan,
} from '@agenticflow/agents';
import type { EventStore, JsonValue } from '@agenticflow/core';
import { findFacts, type ReportFacts } from '../facts.js';
import { composeReport, type ReportProvenance } from '../report/compose-report.js';
import { offlineWriterModel } from '../report/offline-writer.js';
import { WRITER_INSTRUCTIONS, type WriterFacts, writerPrompt } from '../report/writer-facts.js';
import type { Toolbox } from '../toolbox.js';

export interface ReportWriterOptions {
  readonly toolbox: Toolbox;
  readonly store: EventStore;
  /** The model that writes the summary; without one, the offline writer. */
  readonly model?: Model;
  /** Where the report of a run goes; its directory is the `report.*` tools' root. */
  readonly reportPath: (runId: string) => string;
}

/** Who wrote a summary, for the report and the progress lines. */
export function writerName(model: Model | undefined): string {
  return model ? model.id : 'offline-writer';
}

/**
 * An LLM agent writes the summary from the facts of the tasks this one depends on; the report
 * around it (tables, provenance) is composed from the same facts and written through the
 * `report.write` tool, whose grant covers only this run's report file.
 */
export function reportWriter(options: ReportWriterOptions): SupervisorWorker {
  const { toolbox, store } = options;
  const agent = createLlmAgent({
    name: 'report-writer',
    instructions: WRITER_INSTRUCTIONS,
    model: options.model ?? offlineWriterModel(),
    limits: { maxSteps: 2, maxDurationMs: 90_000 },
    temperature: 0,
  });
  return {
    id: 'report-writer',
    capabilities: ['write-report'],
    async perform(_task, context) {
      const { dependencies } = context;
      const facts: WriterFacts = {
        root: toolbox.root,
        codeStats: findFacts(dependencies, 'code-stats'),
        manifests: findFacts(dependencies, 'manifests'),
        git: findFacts(dependencies, 'git-history'),
        todos: findFacts(dependencies, 'todos'),
        metrics: findFacts(dependencies, 'metrics'),
      };
      // The agent's run id follows the task's, so a retried task gets the recorded summary back.
      const summary = await agent.run(writerPrompt(facts), {
        store,
        runId: `${context.taskRunId}:summary`,
        signal: context.signal,
      });
      const path = options.reportPath(context.runId);
      const provenance = await provenanceOf(store, context.runId, writerName(options.model));
      const markdown = composeReport(facts, summary.text, provenance);
      const caller = { id: 'report-writer', grants: toolbox.grants('writer', path) };
      await toolbox.call(
        caller,
        'report.write',
        { path: basename(path), content: markdown },
        context,
      );
      const result: ReportFacts = {
        kind: 'report',
        path,
        writer: writerName(options.model),
        bytes: Buffer.byteLength(markdown),
      };
      return result as unknown as JsonValue;
    },
  };
}

async function provenanceOf(
  store: EventStore,
  runId: string,
  writer: string,
): Promise<ReportProvenance> {
  let plan: TaskPlan = { tasks: [] };
  let planner = 'unknown';
  let approvedBy = 'nobody (no approval gate)';
  const agents = new Map<string, string>();
  for (const event of await readSupervisorEvents(store, runId)) {
    if (event.type === 'supervisor.plan.proposed') {
      plan = event.data.plan;
      planner =
        event.data.source === 'model'
          ? `model ${event.data.modelId}`
          : 'offline-planner (template)';
    } else if (event.type === 'supervisor.plan.edited') plan = event.data.plan;
    else if (event.type === 'supervisor.plan.approved') approvedBy = event.data.actor ?? 'unknown';
    else if (event.type === 'supervisor.task.assigned')
      agents.set(event.data.taskId, event.data.agentId);
  }
  return {
    runId,
    generatedAt: new Date().toISOString(),
    planner,
    writer,
    approvedBy,
    tasks: plan.tasks.map((task) => ({
      id: task.id,
      title: task.title,
      agent: agents.get(task.id) ?? '-',
    })),
  };
}
