import { defineEvent } from '@agenticflow/core';
import { z } from 'zod';

/** The events of a triage run. `data` of each is typed from its schema. */
export const RunStarted = defineEvent(
  'run.started',
  z.object({ goal: z.string(), tickets: z.array(z.string()) }),
);
export const TaskAssigned = defineEvent(
  'task.assigned',
  z.object({ taskId: z.string(), ticket: z.string() }),
);
export const TaskCompleted = defineEvent(
  'task.completed',
  z.object({
    taskId: z.string(),
    agent: z.string(),
    label: z.enum(['bug', 'question', 'feature']),
  }),
);
export const RunCompleted = defineEvent(
  'run.completed',
  z.object({ labels: z.record(z.string(), z.number()) }),
);

/** The state of a run, folded from its stream. */
export interface RunState {
  readonly status: 'new' | 'running' | 'completed';
  readonly open: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export const emptyRun: RunState = { status: 'new', open: [], labels: {} };

/** Pure reducer: the same events always give the same state, so any version can be replayed. */
export function reduceRun(
  state: RunState,
  event: import('@agenticflow/core').AgenticEvent,
): RunState {
  if (RunStarted.is(event)) return { ...state, status: 'running' };
  if (TaskAssigned.is(event)) return { ...state, open: [...state.open, event.data.taskId] };
  if (TaskCompleted.is(event)) {
    return {
      ...state,
      open: state.open.filter((id) => id !== event.data.taskId),
      labels: { ...state.labels, [event.data.taskId]: event.data.label },
    };
  }
  if (RunCompleted.is(event)) return { ...state, status: 'completed' };
  return state;
}
