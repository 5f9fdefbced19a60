import { describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitFor } from './run-cli.js';
import { ANALYST_JOB, expectRealReport, jsonLines, useTempDirs } from './support.js';

const { tempDir, tempRepository } = useTempDirs();

interface EventLine {
  readonly streamId: string;
  readonly type: string;
  readonly data: { taskId?: string; taskRunId?: string };
}

const TASKS = [
  'compute-metrics',
  'count-code',
  'find-todos',
  'read-manifests',
  'summarise-history',
  'write-report',
];
/** Held up by the example's testing hook, so the run can be killed while it runs. */
const SLOW_TASK = 'find-todos';
/** Done by the time the run is killed: all but the slow task and the report that waits for it. */
const BEFORE_KILL = TASKS.filter((task) => task !== SLOW_TASK && task !== 'write-report');

const eventsOf = (text: string) =>
  jsonLines(text).filter((line) => line.kind === 'event') as EventLine[];
const completedTasks = (events: readonly EventLine[], runId: string) =>
  events
    .filter(
      (event) => event.type === 'supervisor.task.completed' && event.streamId === `run-${runId}`,
    )
    .map((event) => event.data.taskId as string);

describe('the main job killed mid-run', () => {
  it('resumes a SIGKILLed repo-analyst run: each task completes once, finished ones are not run again', async () => {
    const repo = tempRepository();
    const cwd = tempDir();
    const child = startCli(['run', ANALYST_JOB, '--json', '--', repo], {
      cwd,
      env: { REPO_ANALYST_TASK_DELAY_MS: '60000', REPO_ANALYST_SLOW_TASK: SLOW_TASK },
    });
    const exited = finished(child);
    // The lines printed so far, without a last one still being written.
    const printed = () => child.output().slice(0, child.output().lastIndexOf('\n') + 1);
    let runId = '';
    try {
      await waitFor(() => jsonLines(printed()).some((line) => line.kind === 'run'), 20_000);
      runId = jsonLines(printed()).find((line) => line.kind === 'run').runId;
      // Every task but the slow one and the report (which waits for it) is done; the slow one runs.
      await waitFor(() => {
        const events = eventsOf(printed());
        const done = completedTasks(events, runId);
        return (
          BEFORE_KILL.every((task) => done.includes(task)) &&
          !done.includes(SLOW_TASK) &&
          events.some(
            (event) =>
              event.streamId === `run-${runId}:${SLOW_TASK}:0` && event.type === 'step.started',
          )
        );
      }, 20_000);
    } finally {
      child.kill('SIGKILL');
    }
    const killed = await exited;
    expect([killed.code, killed.stderr]).toEqual([null, '']);

    // What the store holds at the kill: the tasks completed before it.
    const atKill = await runCli(['events', 'tail', '--json'], { cwd });
    const doneBefore = completedTasks(eventsOf(atKill.stdout), runId).sort();
    expect(doneBefore).toEqual(BEFORE_KILL);

    // Resumed without the delay: the slow task is taken over, the report written.
    const resumed = await runCli(['resume', runId], { cwd });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`run ${runId} completed`);

    const events = eventsOf((await runCli(['events', 'tail', '--json'], { cwd })).stdout);
    const ofRun = events.filter((event) => event.streamId === `run-${runId}`);
    const count = (type: string, taskId: string) =>
      ofRun.filter((event) => event.type === type && event.data.taskId === taskId).length;
    for (const task of TASKS) {
      expect([task, count('supervisor.task.assigned', task)]).toEqual([task, 1]);
      expect([task, count('supervisor.task.completed', task)]).toEqual([task, 1]);
    }
    const stepsStarted = (taskId: string) =>
      events.filter(
        (event) => event.streamId === `run-${runId}:${taskId}:0` && event.type === 'step.started',
      ).length;
    // Tasks done before the kill were not performed again; the interrupted one was, once more.
    for (const task of doneBefore) expect([task, stepsStarted(task)]).toEqual([task, 1]);
    expect(stepsStarted(SLOW_TASK)).toBe(2);
    expect(
      events.some(
        (event) =>
          event.streamId === `run-${runId}:${SLOW_TASK}:0` && event.type === 'step.interrupted',
      ),
    ).toBe(true);
    expect(stepsStarted('write-report')).toBe(1);

    expectRealReport(cwd, runId);
    const [view] = jsonLines((await runCli(['inspect', runId, '--json'], { cwd })).stdout);
    expect(view.run.status).toBe('completed');
    expect(view.tasks.map((task: { state: string }) => task.state)).toEqual(
      Array(6).fill('completed'),
    );
  });
});
