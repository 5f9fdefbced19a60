import { ConfigurationError } from '@agenticflow/core';
import type { AnyWorkflowDefinition } from '../definition/step-definition.js';
import { WorkflowNotRegisteredError } from '../errors.js';

/** The workflow definitions a worker can run, by name and version. */
export class WorkflowRegistry {
  private readonly byKey = new Map<string, AnyWorkflowDefinition>();

  constructor(workflows: readonly AnyWorkflowDefinition[]) {
    for (const definition of workflows) this.register(definition);
  }

  register(definition: AnyWorkflowDefinition): void {
    const key = `${definition.name}@${definition.version}`;
    const existing = this.byKey.get(key);
    if (existing && existing !== definition) {
      throw new ConfigurationError(
        `two different definitions of workflow ${key} were registered: bump the version of one`,
      );
    }
    this.byKey.set(key, definition);
    // Child workflows run wherever their parent runs.
    for (const step of definition.steps) if (step.kind === 'child') this.register(step.workflow);
  }

  /** The definition for a run; throws `WORKFLOW_NOT_REGISTERED` naming what is known. */
  get(name: string, version: number): AnyWorkflowDefinition {
    const found = this.byKey.get(`${name}@${version}`);
    if (!found) throw new WorkflowNotRegisteredError(name, version, [...this.byKey.keys()]);
    return found;
  }

  has(name: string, version: number): boolean {
    return this.byKey.has(`${name}@${version}`);
  }

  names(): string[] {
    return [...new Set([...this.byKey.values()].map((definition) => definition.name))];
  }
}
