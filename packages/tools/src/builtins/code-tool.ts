import type { z as Zod } from 'zod';
import { defineTool } from '../define-tool.js';
import type { HostFunctions } from '../sandbox/host-function.js';
import type { Sandbox } from '../sandbox/sandbox-types.js';
import type { ApprovalPolicy, Tool } from '../tool-types.js';
import { lazyZod } from '../util/lazy-zod.js';

/** Options of {@link createCodeTool}. */
export interface CodeToolOptions {
  /** The sandbox the code runs in. */
  readonly sandbox: Sandbox;
  /** @defaultValue 'code.run' */
  readonly name?: string;
  /** Host functions the code may call as `await host.<name>(argument)`. */
  readonly hostFunctions?: HostFunctions;
  /** Longest accepted code, in characters. @defaultValue 100_000 */
  readonly maxCodeLength?: number;
  /** Time limit of one run. @defaultValue the sandbox's `timeoutMs` */
  readonly timeoutMs?: number;
  /** @defaultValue ['code:run:js'] */
  readonly permissions?: readonly string[];
  /** @defaultValue 'never' */
  readonly approval?: ApprovalPolicy<{ code: string; input?: unknown }>;
}

/** What the code tool returns. */
export interface CodeToolOutput {
  /** The code's return value (a JSON copy). */
  result: unknown;
  /** Lines written with `console.*`, capped. */
  logs: string[];
  /** Whether console output was dropped or cut. */
  logsTruncated: boolean;
}

/**
 * A tool that runs JavaScript written by the model in the sandbox. The code is a function body:
 * `input` holds the optional input, `return` gives the result, `console.log` is captured (capped),
 * and with host functions, `await host.<name>(argument)` calls them.
 *
 * @example
 * ```ts
 * registry.register(createCodeTool({ sandbox: createSandbox({ timeoutMs: 2_000 }) }));
 * await executor.execute('code.run', { code: 'return input.a + input.b', input: { a: 1, b: 2 } }, {
 *   caller: { id: 'agent-1', grants: ['code:run:js'] },
 * });
 * ```
 */
export function createCodeTool(
  options: CodeToolOptions,
): Tool<{ code: string; input?: unknown }, CodeToolOutput> {
  const z = lazyZod();
  const names = Object.keys(options.hostFunctions ?? {});
  const hostHelp =
    names.length > 0
      ? ` It may call ${names.map((name) => `await host.${name}(argument)`).join(', ')}.`
      : '';
  return defineTool({
    name: options.name ?? 'code.run',
    description: `Runs JavaScript in an isolated sandbox without network, files or Node APIs. The code is a function body: read the input from \`input\`, give the result with \`return\` (it must be JSON), use \`await\` freely; console.log output is returned too.${hostHelp}`,
    input: z.object({
      code: z
        .string()
        .min(1)
        .max(options.maxCodeLength ?? 100_000)
        .describe(
          'JavaScript function body, such as: return input.values.reduce((a, b) => a + b, 0);',
        ),
      input: z.unknown().optional().describe('JSON value available to the code as `input`'),
    }),
    output: z.object({
      result: z.unknown(),
      logs: z.array(z.string()),
      logsTruncated: z.boolean(),
    }) as Zod.ZodType<CodeToolOutput>,
    permissions: options.permissions ?? ['code:run:js'],
    ...(options.approval ? { approval: options.approval } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs + 1_000 } : {}),
    async execute({ code, input }, { signal }) {
      const result = await options.sandbox.run(code, {
        input,
        signal,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.hostFunctions ? { hostFunctions: options.hostFunctions } : {}),
      });
      return { result: result.value, logs: [...result.logs], logsTruncated: result.logsTruncated };
    },
  });
}
