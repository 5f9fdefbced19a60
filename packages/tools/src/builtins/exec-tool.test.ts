import { expectRejectedCode, expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { ToolExecutor } from '../executor/tool-executor.js';
import { ToolRegistry } from '../tool-registry.js';
import { createExecTool, type ExecToolOptions } from './exec-tool.js';

function executorWith(options: Partial<ExecToolOptions> = {}) {
  const registry = new ToolRegistry();
  registry.register(
    createExecTool({
      commands: {
        echo: {},
        false: {},
        sleep: {},
        yes: {},
        env: {},
        git: {
          checkArgs: (args) => (args[0] === 'status' ? undefined : 'only "git status" is allowed'),
        },
      },
      timeoutMs: 2_000,
      maxOutputBytes: 1_000,
      ...options,
    }),
  );
  return new ToolExecutor({ registry });
}
const caller = { id: 'agent', grants: ['proc:exec:*'] };
const run = (command: string, args: string[], options: Partial<ExecToolOptions> = {}) =>
  executorWith(options).execute('proc.exec', { command, args }, { caller });

describe('exec tool', () => {
  it('passes arguments as an array, never through a shell', async () => {
    const result = await run('echo', ['$(whoami)', '; rm -rf /', '`id`', '|', '&&', '*']);
    expect(result.output).toMatchObject({
      exitCode: 0,
      stdout: '$(whoami) ; rm -rf / `id` | && *\n',
      truncated: false,
    });
  });

  it('returns a non-zero exit as a result', async () => {
    expect((await run('false', [])).output).toMatchObject({ exitCode: 1, signal: null });
  });

  it('refuses a command outside the allowlist with VALIDATION_FAILED', async () => {
    await expectRejectedCode(run('rm', ['-rf', '/tmp/x']), 'VALIDATION_FAILED');
    await expectRejectedCode(run('/bin/sh', ['-c', 'id']), 'VALIDATION_FAILED');
  });

  it('needs the grant proc:exec:<command>', async () => {
    const error = await expectRejectedCode(
      executorWith().execute(
        'proc.exec',
        { command: 'echo', args: [] },
        { caller: { id: 'a', grants: ['proc:exec:git'] } },
      ),
      'PERMISSION_DENIED',
    );
    expect(error.details.missing).toEqual(['proc:exec:echo']);
  });

  it('applies a command argument check', async () => {
    await expectRejectedCode(run('git', ['-c', 'core.sshCommand=evil', 'fetch']), 'TOOL_FAILED');
  });

  it('kills a command that outlives its timeout, with TIMEOUT', async () => {
    await expectRejectedCode(run('sleep', ['10'], { timeoutMs: 100 }), 'TIMEOUT');
  });

  it('caps the output, kills the command and flags it', async () => {
    const result = await run('yes', []);
    const output = result.output as { stdout: string; truncated: boolean };
    expect(output.truncated).toBe(true);
    expect(output.stdout.length).toBeLessThanOrEqual(1_000);
  });

  it('does not pass the host environment on', async () => {
    process.env.AF_EXEC_TEST_SECRET = 'hunter2';
    try {
      const { stdout } = (await run('env', [])).output as { stdout: string };
      expect(stdout).not.toContain('hunter2');
      expect(stdout).toContain('PATH=');
    } finally {
      delete process.env.AF_EXEC_TEST_SECRET;
    }
  });

  it('rejects NUL bytes in arguments', async () => {
    await expectRejectedCode(run('echo', ['a\u0000b']), 'VALIDATION_FAILED');
  });

  it('refuses a command that is not on PATH when created', () => {
    expectThrownCode(
      () => createExecTool({ commands: { 'no-such-command-af': {} } }),
      'INVALID_CONFIGURATION',
    );
  });
});
