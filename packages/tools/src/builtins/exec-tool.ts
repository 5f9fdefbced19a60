import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { ConfigurationError, TimeoutError } from '@agenticflow/core';
import { defineTool } from '../define-tool.js';
import { ToolExecutionError } from '../errors/tool-errors.js';
import type { ApprovalPolicy, Tool } from '../tool-types.js';
import { lazyZod } from '../util/lazy-zod.js';

/** How one allowlisted command may be run. */
export interface ExecCommand {
  /** Absolute path of the executable. @defaultValue looked up on PATH once, at creation */
  readonly path?: string;
  /** Returns why the arguments are refused, or `undefined` to allow them. */
  readonly checkArgs?: (args: readonly string[]) => string | undefined;
}

/** Options of {@link createExecTool}. */
export interface ExecToolOptions {
  /** @defaultValue 'proc.exec' */
  readonly name?: string;
  /** The commands the model may run, by name. Nothing else can run. */
  readonly commands: Readonly<Record<string, ExecCommand>>;
  /** Working directory. @defaultValue process.cwd() */
  readonly cwd?: string;
  /** Environment of the command (the host's is not passed on). @defaultValue { PATH } */
  readonly env?: Readonly<Record<string, string>>;
  /** Time limit; the process is killed with SIGKILL at it. @defaultValue 10_000 */
  readonly timeoutMs?: number;
  /** Bytes kept of stdout and of stderr each; the process is killed past it. @defaultValue 65_536 */
  readonly maxOutputBytes?: number;
  /** @defaultValue 'never' */
  readonly approval?: ApprovalPolicy<{ command: string; args: string[] }>;
}

/**
 * A tool that runs an allowlisted command with `execFile`: an argument array, no shell, so no
 * shell syntax is ever interpreted; a minimal environment; a timeout; capped output. A non-zero
 * exit is a result (with `exitCode`), not an error. Needs the grant `proc:exec:<command>`.
 *
 * @example
 * ```ts
 * createExecTool({ commands: { git: { checkArgs: (args) => (args[0] === 'log' || args[0] === 'status' ? undefined : 'only git log and git status') } }, cwd: '/workspace' });
 * ```
 */
export function createExecTool(options: ExecToolOptions): Tool {
  const z = lazyZod();
  const names = Object.keys(options.commands);
  if (names.length === 0)
    throw new ConfigurationError('the exec tool needs at least one command in commands');
  const env = options.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const paths = Object.fromEntries(
    names.map((name) => [name, options.commands[name]!.path ?? findOnPath(name, env.PATH ?? '')]),
  );
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxOutputBytes = options.maxOutputBytes ?? 65_536;
  return defineTool({
    name: options.name ?? 'proc.exec',
    description: `Runs one of these commands with an argument list (no shell): ${names.join(', ')}. Returns exit code, stdout and stderr.`,
    input: z.object({
      command: z.enum(names as [string, ...string[]]),
      args: z
        .array(
          z
            .string()
            .max(4_096)
            .refine((arg) => !arg.includes('\u0000'), 'must not contain a NUL byte'),
        )
        .max(256)
        .default([]),
    }),
    permissions: ({ command }) => [`proc:exec:${command}`],
    timeoutMs: timeoutMs + 1_000,
    ...(options.approval ? { approval: options.approval } : {}),
    execute({ command, args }, context) {
      const refusal = options.commands[command]!.checkArgs?.(args);
      if (refusal !== undefined) {
        throw new ToolExecutionError(`${command} ${JSON.stringify(args)} is refused: ${refusal}`, {
          details: { command, args },
        });
      }
      // Loaded on first use: node:child_process (with net and dgram) is slow to load.
      const { execFile } = process.getBuiltinModule('node:child_process');
      return new Promise((resolve, reject) => {
        execFile(
          paths[command]!,
          args,
          {
            cwd: options.cwd ?? process.cwd(),
            env,
            shell: false,
            timeout: timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer: maxOutputBytes,
            encoding: 'utf8',
            signal: context.signal,
            windowsHide: true,
          },
          (error, stdout, stderr) => {
            const failure = error as
              | (NodeJS.ErrnoException & {
                  killed?: boolean;
                  signal?: string | null;
                  code?: unknown;
                })
              | null;
            const overflow = failure?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
            if (failure && !overflow && failure.killed && !context.signal.aborted) {
              reject(
                new TimeoutError(
                  `${command} did not finish within ${timeoutMs} ms and was killed`,
                  { details: { command, args, timeoutMs } },
                ),
              );
              return;
            }
            if (failure && !overflow && typeof failure.code !== 'number' && !failure.signal) {
              reject(failure);
              return;
            }
            resolve({
              exitCode: overflow ? null : typeof failure?.code === 'number' ? failure.code : 0,
              signal: failure?.signal ?? null,
              stdout: String(stdout),
              stderr: String(stderr),
              truncated: overflow,
            });
          },
        );
      });
    },
  });
}

function findOnPath(name: string, path: string): string {
  if (isAbsolute(name)) return name;
  for (const directory of path.split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new ConfigurationError(
    `the command ${JSON.stringify(name)} is not on PATH: give its absolute path in commands.${name}.path`,
  );
}
