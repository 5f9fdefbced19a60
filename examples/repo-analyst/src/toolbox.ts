import { realpathSync } from 'node:fs';
import type { EventStore } from '@agenticflow/core';
import {
  createExecTool,
  createFileSystemTools,
  createSandbox,
  createToolExecutor,
  defineSandboxedTool,
  type Sandbox,
  type Tool,
  type ToolCaller,
  type ToolExecutor,
  ToolRegistry,
} from '@agenticflow/tools';
import { metricCode, metricInput, metricOutput } from './workers/metric-code.js';

/** Git subcommands the historian may run: reading history only. */
const GIT_SUBCOMMANDS = new Set(['rev-parse', 'rev-list', 'log', 'shortlog']);

/** Where a worker's tool calls are recorded and what stops them. */
export interface CallScope {
  /** The assignment run of the task: its stream gets the `tool.*` events. */
  readonly taskRunId: string;
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
}

/**
 * The tools of the team, behind one executor: the filesystem jailed to the analysed root
 * (read-only), `git` as the only command, a sandboxed metric, and a writer jailed to the report's
 * directory. Each worker calls them with its own grants, so a worker can use only its tools.
 */
export class Toolbox {
  readonly root: string;
  readonly executor: ToolExecutor;
  readonly sandbox: Sandbox;
  /** Why `git` cannot run here, when it cannot (it is not installed). */
  readonly gitUnavailable: string | undefined;

  constructor(
    root: string,
    reportDir: string,
    private readonly store: EventStore,
  ) {
    this.root = realpathSync(root);
    // The child process starts isolated-vm with --no-node-snapshot, so `tsx src/main.ts` needs no flag.
    this.sandbox = createSandbox({ isolation: 'child-process', timeoutMs: 2_000, poolSize: 1 });
    const registry = new ToolRegistry();
    registry.register(
      createFileSystemTools({
        root: this.root,
        writable: false,
        maxReadBytes: 4_194_304,
        maxListEntries: 100_000,
      }),
    );
    registry.register(createFileSystemTools({ root: reportDir, namespace: 'report' }));
    registry.register(
      defineSandboxedTool({
        name: 'metrics.compute',
        description: 'Averages and shares computed from per-extension file statistics.',
        input: metricInput,
        output: metricOutput,
        code: metricCode,
        sandbox: this.sandbox,
        permissions: ['code:run:js'],
      }),
    );
    let gitUnavailable: string | undefined;
    try {
      registry.register(gitTool(this.root));
    } catch (error) {
      gitUnavailable = (error as Error).message;
    }
    this.gitUnavailable = gitUnavailable;
    // Workers read every file: the log keeps the first KiB of each result, not the repository.
    this.executor = createToolExecutor({ registry, maxResultBytes: 1_024 });
  }

  /** Grants of each worker role. */
  grants(role: 'reader' | 'historian' | 'metrics' | 'writer', reportPath?: string): string[] {
    switch (role) {
      case 'reader':
        return [`fs:read:${this.root}/**`];
      case 'historian':
        return ['proc:exec:git'];
      case 'metrics':
        return ['code:run:js'];
      case 'writer':
        return reportPath ? [`fs:write:${reportPath}`] : [];
    }
  }

  /**
   * Calls a tool as `caller`; the call is recorded in the stream `tools-<taskRunId>`. Not in the
   * task's run stream itself: the workflow engine reloads a run on every event another writer
   * appends to it, which made the ~3,000 calls of an analysis of this repository take 18 s, not 4.
   */
  async call<Output>(
    caller: ToolCaller,
    tool: string,
    input: Record<string, unknown>,
    scope: CallScope,
  ): Promise<Output> {
    const result = await this.executor.execute(tool, input, {
      caller,
      store: this.store,
      streamId: `tools-${scope.taskRunId}`,
      signal: scope.signal,
      idempotencyKey: scope.idempotencyKey,
    });
    return result.output as Output;
  }

  async close(): Promise<void> {
    await this.sandbox.close();
  }
}

function gitTool(root: string): Tool {
  return createExecTool({
    commands: {
      git: {
        checkArgs: (args) =>
          GIT_SUBCOMMANDS.has(args[0] ?? '')
            ? undefined
            : `only git ${[...GIT_SUBCOMMANDS].join(', ')} are allowed`,
      },
    },
    cwd: root,
    // Only PATH reaches git (no HOME, so no user config), with a fixed locale for parsing.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', GIT_PAGER: 'cat' },
    timeoutMs: 10_000,
    maxOutputBytes: 4_194_304,
  });
}
