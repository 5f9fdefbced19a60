import type { JsonValue } from '@agenticflow/core';
import type {
  StepDefinition,
  StepSource,
  WorkflowDefinition,
} from '../definition/step-definition.js';
import { stepsReadByOutput } from '../definition/workflow-builder.js';
import type { RunState } from '../state/run-state.js';

/** The run input and the outputs of a step's dependencies, as `when`, `input` and `over` see them. */
export function stepSource(step: StepDefinition, state: RunState): StepSource {
  const deps: Record<string, JsonValue | undefined> = {};
  for (const dep of step.dependsOn) deps[dep] = state.steps.get(dep)?.output;
  return { input: state.input, deps };
}

/**
 * Outputs of the completed steps, by id, for the workflow's `output` function: of every step, or of
 * only those a default `output` reads.
 */
export function stepOutputs(
  definition: WorkflowDefinition,
  state: RunState,
): Record<string, JsonValue | undefined> {
  const outputs: Record<string, JsonValue | undefined> = {};
  const read = stepsReadByOutput.get(definition.output);
  if (read) {
    for (const id of read) {
      const found = state.steps.get(id);
      if (found?.status === 'completed') outputs[id] = found.output;
    }
    return outputs;
  }
  for (const step of definition.steps) {
    const found = state.steps.get(step.id);
    if (found?.status === 'completed') outputs[step.id] = found.output;
  }
  return outputs;
}
