import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  createSupervisor,
  type Model,
  type Supervisor,
  type SupervisorOptions,
} from '@agenticflow/agents';
import type { EventStore } from '@agenticflow/core';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { plannerFor } from './plan.js';
import { Toolbox } from './toolbox.js';
import { codeCounter } from './workers/code-counter.js';
import { gitHistorian } from './workers/git-historian.js';
import { manifestReader } from './workers/manifest-reader.js';
import { metricWorker } from './workers/metric-worker.js';
import { reportWriter } from './workers/report-writer.js';
import { taskDelayFrom, withTaskDelay } from './workers/task-delay.js';
import { todoFinder } from './workers/todo-finder.js';

/** Where an analysis reads and writes. */
export interface TeamOptions {
  /** The repository to analyse. */
  readonly root: string;
  /** Holds `events.db` and `reports/`. @defaultValue `<root>/.agenticflow` */
  readonly dataDir?: string;
  /** The report file. @defaultValue `<dataDir>/reports/<runId>.md` */
  readonly out?: string;
  /** Plans and writes; without one, the offline planner and writer. */
  readonly model?: Model;
  /**
   * A store the caller owns (the `agenticflow` CLI's): used instead of opening
   * `<dataDir>/events.db`, and not closed by `close()`.
   */
  readonly store?: EventStore;
  /**
   * Builds the supervisor's engine (the `agenticflow` CLI's: a worker in the bus group, or a
   * client that runs no step); by default an in-process engine.
   */
  readonly createEngine?: SupervisorOptions['createEngine'];
}

/** The supervisor and its workers on the embedded store, ready to start or approve runs. */
export interface AnalystTeam {
  readonly supervisor: Supervisor;
  readonly store: EventStore;
  readonly storePath: string;
  readonly root: string;
  reportPath(runId: string): string;
  close(): Promise<void>;
}

/** Longest a worker may take on a task (a model call included) before it is escalated. */
const TASK_TIMEOUT_MS = 120_000;

/**
 * Opens the SQLite store and builds the team: one worker per capability, each with its own grants.
 * Every process that starts, approves or resumes a run builds the same team.
 */
export async function createAnalystTeam(options: TeamOptions): Promise<AnalystTeam> {
  const root = resolve(options.root);
  // The testing and demo hook: REPO_ANALYST_TASK_DELAY_MS and REPO_ANALYST_SLOW_TASK.
  const delay = taskDelayFrom();
  const dataDir = resolve(options.dataDir ?? join(root, '.agenticflow'));
  const out = options.out === undefined ? undefined : resolve(options.out);
  const reportDir = out ? dirname(out) : join(dataDir, 'reports');
  mkdirSync(reportDir, { recursive: true });
  const storePath = options.store ? 'the given store' : join(dataDir, 'events.db');
  const ownsStore = options.store === undefined;
  const store =
    options.store ?? (await createSqliteEventStore({ filename: storePath, synchronous: 'normal' }));
  const toolbox = new Toolbox(root, reportDir, store);
  // A data dir inside the analysed tree is not part of the code.
  const inside = relative(toolbox.root, dataDir);
  const extraSkipped = inside && !inside.startsWith('..') && inside !== '.' ? [`/${inside}`] : [];
  const reportPath = (runId: string) => out ?? join(reportDir, `${runId}.md`);
  try {
    const supervisor = await createSupervisor({
      name: 'repo-analyst',
      store,
      planner: plannerFor(options.model),
      workers: [
        codeCounter(toolbox, extraSkipped),
        manifestReader(toolbox, extraSkipped),
        gitHistorian(toolbox),
        todoFinder(toolbox, extraSkipped),
        metricWorker(toolbox),
        reportWriter({
          toolbox,
          store,
          reportPath,
          ...(options.model ? { model: options.model } : {}),
        }),
      ].map((worker) => withTaskDelay(worker, delay)),
      taskTimeoutMs: TASK_TIMEOUT_MS,
      ...(options.createEngine ? { createEngine: options.createEngine } : {}),
    });
    return {
      supervisor,
      store,
      storePath,
      root: toolbox.root,
      reportPath,
      async close() {
        await supervisor.close();
        await toolbox.close();
        if (ownsStore) await store.close();
      },
    };
  } catch (error) {
    await toolbox.close();
    if (ownsStore) await store.close();
    throw error;
  }
}
