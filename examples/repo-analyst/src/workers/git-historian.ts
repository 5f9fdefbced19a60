import type { SupervisorWorker } from '@agenticflow/agents';
import type { JsonValue } from '@agenticflow/core';
import { ToolExecutionError } from '@agenticflow/tools';
import type { CommitInfo, GitFacts } from '../facts.js';
import type { CallScope, Toolbox } from '../toolbox.js';

/** Recent commits listed in the report. */
export const RECENT_COMMITS = 10;
const FIELD = '\u001f';

interface ExecOutput {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Summarises the history with `git`, the only command the exec tool allows (and only its
 * read-only subcommands). Only commits touching the analysed directory count (`-- .`), so a
 * subdirectory of a repository gets its own history. A directory outside any git work tree, or a
 * repository without commits, is reported as such instead of failing the run.
 */
export function gitHistorian(toolbox: Toolbox): SupervisorWorker {
  const caller = { id: 'git-historian', grants: toolbox.grants('historian') };
  const without = (isRepository: boolean, reason: string): JsonValue => {
    const facts: GitFacts = {
      kind: 'git-history',
      isRepository,
      reason,
      commitCount: 0,
      authors: [],
      recentCommits: [],
    };
    return facts as unknown as JsonValue;
  };
  return {
    id: 'git-historian',
    capabilities: ['git-history'],
    async perform(_task, context) {
      if (toolbox.gitUnavailable) return without(false, toolbox.gitUnavailable);
      const git = (args: string[]) =>
        toolbox.call<ExecOutput>(caller, 'proc.exec', { command: 'git', args }, context);
      const inside = await git(['rev-parse', '--is-inside-work-tree']);
      if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true')
        return without(
          false,
          `not a git work tree (${firstLine(inside.stderr) || inside.stdout.trim()})`,
        );
      const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD']);
      if (head.exitCode !== 0) return without(true, 'the repository has no commits yet');
      const count = await expectOk(git(['rev-list', '--count', 'HEAD', '--', '.']), context);
      const shortlog = await expectOk(git(['shortlog', '-sn', 'HEAD', '--', '.']), context);
      const log = await expectOk(
        git([
          'log',
          `-n${RECENT_COMMITS}`,
          `--format=%h${FIELD}%aI${FIELD}%an${FIELD}%s`,
          'HEAD',
          '--',
          '.',
        ]),
        context,
      );
      const facts: GitFacts = {
        kind: 'git-history',
        isRepository: true,
        commitCount: Number.parseInt(count.trim(), 10) || 0,
        authors: shortlog
          .split('\n')
          .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
          .filter((match) => match !== null)
          .map((match) => ({ name: match[2]!.trim(), commits: Number(match[1]) })),
        recentCommits: log
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line): CommitInfo => {
            const [hash = '', date = '', author = '', subject = ''] = line.split(FIELD);
            return { hash, date, author, subject };
          }),
      };
      return facts as unknown as JsonValue;
    },
  };
}

async function expectOk(pending: Promise<ExecOutput>, scope: CallScope): Promise<string> {
  const output = await pending;
  if (output.exitCode !== 0)
    throw new ToolExecutionError(
      `git exited with ${String(output.exitCode)} in task run ${scope.taskRunId}: ${firstLine(output.stderr)}`,
    );
  return output.stdout;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
