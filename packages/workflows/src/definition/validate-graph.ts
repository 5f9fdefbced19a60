import type { ValidationIssue } from '@agenticflow/core';
import { WorkflowDefinitionError } from '../errors.js';
import type { StepDefinition } from './step-definition.js';

/** Step ids: a letter, then letters, digits, `_` or `-` (map items get `id[index]`). */
export const STEP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * Checks a workflow's steps and returns them in topological order with each step's dependents.
 * Duplicate or malformed ids, dependencies on unknown steps and cycles throw `INVALID_WORKFLOW`
 * naming the steps involved.
 */
export function validateGraph(
  workflow: string,
  steps: readonly StepDefinition[],
): { ordered: StepDefinition[]; dependents: Map<string, string[]> } {
  const issues: ValidationIssue[] = [];
  const byId = new Map<string, StepDefinition>();
  for (const step of steps) {
    if (!STEP_ID_PATTERN.test(step.id)) {
      issues.push({
        path: [step.id],
        message: 'step ids start with a letter and hold letters, digits, "_" or "-" (at most 100)',
      });
    }
    if (byId.has(step.id))
      issues.push({ path: [step.id], message: 'is defined twice: step ids must be unique' });
    byId.set(step.id, step);
  }
  if (steps.length === 0) issues.push({ path: [], message: 'has no steps' });
  for (const step of steps) {
    for (const dep of step.dependsOn) {
      if (dep === step.id) issues.push({ path: [step.id], message: 'depends on itself' });
      else if (!byId.has(dep)) {
        issues.push({
          path: [step.id],
          message: `depends on "${dep}", which is not a step of this workflow (steps: ${[...byId.keys()].join(', ')})`,
        });
      }
    }
  }
  if (issues.length > 0) throw new WorkflowDefinitionError(workflow, issues);

  const dependents = new Map<string, string[]>(steps.map((step) => [step.id, []]));
  const waiting = new Map<string, number>();
  for (const step of steps) {
    waiting.set(step.id, new Set(step.dependsOn).size);
    for (const dep of new Set(step.dependsOn)) dependents.get(dep)!.push(step.id);
  }
  const ordered: StepDefinition[] = [];
  const ready = steps.filter((step) => waiting.get(step.id) === 0).map((step) => step.id);
  while (ready.length > 0) {
    const id = ready.shift()!;
    ordered.push(byId.get(id)!);
    for (const next of dependents.get(id)!) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (ordered.length < steps.length) {
    const cycle = findCycle(
      steps.filter((step) => waiting.get(step.id)! > 0),
      byId,
    );
    throw new WorkflowDefinitionError(workflow, [
      { path: cycle, message: `steps form a cycle: ${cycle.join(' -> ')}` },
    ]);
  }
  return { ordered, dependents };
}

/** One cycle among `remaining` (steps left with unmet dependencies), as a closed path of ids. */
function findCycle(
  remaining: readonly StepDefinition[],
  byId: ReadonlyMap<string, StepDefinition>,
): string[] {
  const inCycle = new Set(remaining.map((step) => step.id));
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current = remaining[0]!.id;
  while (!seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    current = byId.get(current)!.dependsOn.find((dep) => inCycle.has(dep))!;
  }
  return [...path.slice(seen.get(current)!), current].reverse();
}
