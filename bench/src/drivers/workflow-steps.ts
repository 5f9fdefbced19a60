import { collect, type EventStore } from '@agenticflow/core';
import { type AnyWorkflowDefinition, createWorkflowEngine } from '@agenticflow/workflows';
import { sequentialWorkflow } from '../workloads/workflow-shapes.js';
import type { StepRunnerUnderTest } from './durable-steps.js';

/**
 * W3's AgenticFlow system on any store: the workflow engine runs one run of N sequential no-op
 * steps, and records each step (its completion together with the next step's start) in one append
 * that is committed before the next step starts. The engine does not watch the store here: one
 * process drives the run, as in the raw floor.
 */
export function workflowStepRunner(store: EventStore): StepRunnerUnderTest {
  const definitions = new Map<number, AnyWorkflowDefinition>();
  const definition = (steps: number) => {
    if (!definitions.has(steps)) definitions.set(steps, sequentialWorkflow(steps));
    return definitions.get(steps)!;
  };
  const engine = createWorkflowEngine({ store, workflows: [], watchStore: false });
  return {
    async runSteps(runId, steps) {
      const run = await (await engine).start(definition(steps), undefined, { runId });
      await run.result();
    },
    async completedSteps(runId) {
      const events = await collect(store.readStream(`run-${runId}`));
      return events.filter((event) => event.type === 'step.completed').length;
    },
    async close() {
      await (await engine).close();
      await store.close();
    },
  };
}
