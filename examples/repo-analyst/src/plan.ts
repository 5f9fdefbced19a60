import type { Model, ModelPlanner, Planner, TaskPlan } from '@agenticflow/agents';

/** The capabilities the team offers, one worker each. */
export const CAPABILITIES = [
  'code-stats',
  'manifests',
  'git-history',
  'todo-scan',
  'metrics',
  'write-report',
] as const;

/** The plan the offline planner proposes: five fact-finding tasks, then the report. */
export const TEMPLATE_PLAN: TaskPlan = {
  tasks: [
    task(
      'count-code',
      'Count code by language',
      'Files, lines and bytes per file extension.',
      'code-stats',
    ),
    task(
      'read-manifests',
      'Read dependency manifests',
      'Names, versions and dependency counts of every package.json.',
      'manifests',
    ),
    task(
      'summarise-history',
      'Summarise git history',
      'Commit count, authors and recent commits.',
      'git-history',
    ),
    task(
      'find-todos',
      'Find TODO and FIXME markers',
      'file:line of each marker, capped.',
      'todo-scan',
    ),
    task(
      'compute-metrics',
      'Compute size metrics',
      'Average lines and bytes per file and the share of each extension, in the sandbox.',
      'metrics',
      ['count-code'],
    ),
    task(
      'write-report',
      'Write the health report',
      'Compose the Markdown report from every fact collected.',
      'write-report',
      ['count-code', 'read-manifests', 'summarise-history', 'find-todos', 'compute-metrics'],
    ),
  ],
};

const PLANNER_RULES = [
  'Plan the health report of a code repository.',
  'Give every task exactly one capability, and plan one task per capability.',
  'The metrics task depends on the code-stats task.',
  'The write-report task depends on every other task, and no task depends on it.',
].join('\n');

/** The planner: the model when there is one, else the template. */
export function plannerFor(model: Model | undefined): Planner {
  if (!model) return { template: TEMPLATE_PLAN };
  const planner: ModelPlanner = { model, instructions: PLANNER_RULES };
  return planner;
}

/** The goal the supervisor plans for. */
export function goalFor(root: string): string {
  return `Write a health report of the code repository at ${root}`;
}

function task(
  id: string,
  title: string,
  description: string,
  capability: (typeof CAPABILITIES)[number],
  dependsOn: string[] = [],
) {
  return { id, title, description, capabilities: [capability], dependsOn };
}
