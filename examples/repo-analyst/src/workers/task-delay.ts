import type { SupervisorWorker } from '@agenticflow/agents';
import { AbortedError, ConfigurationError } from '@agenticflow/core';

/**
 * A testing and demo hook: with `REPO_ANALYST_TASK_DELAY_MS=<ms>`, the worker of the task named by
 * `REPO_ANALYST_SLOW_TASK` (every task when it is unset) waits that long before doing its work, so
 * a run can be killed or watched mid-task. The wait ends early when the task's signal aborts.
 */
export interface TaskDelay {
  readonly ms: number;
  /** The task id to slow down; undefined for every task. */
  readonly taskId?: string;
}

/** The delay the environment asks for, or undefined; a malformed value is an error. */
export function taskDelayFrom(env: NodeJS.ProcessEnv = process.env): TaskDelay | undefined {
  const raw = env.REPO_ANALYST_TASK_DELAY_MS;
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]+$/.test(raw))
    throw new ConfigurationError(
      `REPO_ANALYST_TASK_DELAY_MS: got "${raw}", expected a number of milliseconds (an integer >= 0)`,
    );
  const ms = Number(raw);
  if (ms === 0) return undefined;
  const taskId = env.REPO_ANALYST_SLOW_TASK;
  return taskId ? { ms, taskId } : { ms };
}

/** The worker, waiting `delay.ms` before performing the delayed task (see {@link TaskDelay}). */
export function withTaskDelay(
  worker: SupervisorWorker,
  delay: TaskDelay | undefined,
): SupervisorWorker {
  if (!delay) return worker;
  return {
    ...worker,
    async perform(task, context) {
      if (delay.taskId === undefined || delay.taskId === task.id)
        await pause(delay.ms, context.signal);
      return worker.perform(task, context);
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new AbortedError('the task delay was aborted'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
