import type { PlannedTask, SupervisorWorker, TaskContext } from '@agenticflow/agents';
import { describe, expect, it } from 'vitest';
import { taskDelayFrom, withTaskDelay } from './task-delay.js';

const worker: SupervisorWorker = {
  id: 'echo',
  capabilities: ['echo'],
  perform: async (task) => task.id,
};
const task = (id: string) => ({ id }) as PlannedTask;
const context = (signal: AbortSignal) => ({ signal }) as TaskContext;

describe('the task delay hook', () => {
  it('reads REPO_ANALYST_TASK_DELAY_MS and REPO_ANALYST_SLOW_TASK, and rejects a bad delay', () => {
    expect(taskDelayFrom({})).toBeUndefined();
    expect(taskDelayFrom({ REPO_ANALYST_TASK_DELAY_MS: '0' })).toBeUndefined();
    expect(taskDelayFrom({ REPO_ANALYST_TASK_DELAY_MS: '250' })).toEqual({ ms: 250 });
    expect(
      taskDelayFrom({ REPO_ANALYST_TASK_DELAY_MS: '250', REPO_ANALYST_SLOW_TASK: 'find-todos' }),
    ).toEqual({ ms: 250, taskId: 'find-todos' });
    expect(() => taskDelayFrom({ REPO_ANALYST_TASK_DELAY_MS: '1s' })).toThrow(
      'REPO_ANALYST_TASK_DELAY_MS: got "1s"',
    );
  });

  it('delays only the named task, and stops waiting when the task is aborted', async () => {
    const slowed = withTaskDelay(worker, { ms: 200, taskId: 'slow' });
    const signal = new AbortController().signal;
    let started = Date.now();
    expect(await slowed.perform(task('quick'), context(signal))).toBe('quick');
    expect(Date.now() - started).toBeLessThan(100);
    started = Date.now();
    expect(await slowed.perform(task('slow'), context(signal))).toBe('slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    const controller = new AbortController();
    const long = withTaskDelay(worker, { ms: 60_000, taskId: 'slow' });
    const performing = long.perform(task('slow'), context(controller.signal));
    controller.abort(new Error('cancelled'));
    await expect(performing).rejects.toThrow('cancelled');
    expect(withTaskDelay(worker, undefined)).toBe(worker);
  });
});
