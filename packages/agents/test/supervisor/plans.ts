import type { JsonValue } from '@agenticflow/core';
import type { PlannedTask, TaskPlan } from '../../src/supervisor/task-plan.js';

/** research -> (draft, facts) -> review: a diamond. */
export const diamondPlan: TaskPlan = {
  tasks: [
    {
      id: 'research',
      title: 'Research',
      description: 'Find sources',
      capabilities: ['research'],
      dependsOn: [],
    },
    {
      id: 'draft',
      title: 'Draft',
      description: 'Write a draft',
      capabilities: ['write'],
      dependsOn: ['research'],
    },
    {
      id: 'facts',
      title: 'Facts',
      description: 'Check facts',
      capabilities: ['research'],
      dependsOn: ['research'],
    },
    {
      id: 'review',
      title: 'Review',
      description: 'Review it',
      capabilities: ['write'],
      dependsOn: ['draft', 'facts'],
    },
  ],
};

/** One research task, `dig`, with `extra` fields (a timeout, an approval gate). */
export function digPlan(extra: Partial<PlannedTask> = {}): TaskPlan {
  return {
    tasks: [
      {
        id: 'dig',
        title: 'Dig',
        description: 'dig',
        capabilities: ['research'],
        dependsOn: [],
        ...extra,
      },
    ],
  };
}

/** A plan as the JSON a scripted model answers with. */
export const asJson = (value: unknown): JsonValue => value as JsonValue;
