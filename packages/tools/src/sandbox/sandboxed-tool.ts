import type { z } from 'zod';
import { defineTool } from '../define-tool.js';
import type { ApprovalPolicy, Tool } from '../tool-types.js';
import type { HostFunctions } from './host-function.js';
import type { Sandbox } from './sandbox-types.js';

/** Configuration of {@link defineSandboxedTool}. */
export interface SandboxedToolConfig<Input extends z.ZodType, Output extends z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly input: Input;
  /** Validates what the code returns. */
  readonly output: Output;
  /** A function body: `input` holds the validated input, `return` gives the output. */
  readonly code: string;
  /** The sandbox to run in. */
  readonly sandbox: Sandbox;
  /** Host functions the code may call as `await host.<name>(argument)`. */
  readonly hostFunctions?: HostFunctions;
  readonly permissions?: readonly string[] | ((input: z.output<Input>) => readonly string[]);
  readonly approval?: ApprovalPolicy<z.output<Input>>;
  /** Time limit of one call, the sandbox run included. @defaultValue the sandbox's `timeoutMs` */
  readonly timeoutMs?: number;
  readonly maxResultBytes?: number;
}

/**
 * Defines a tool implemented by JavaScript that runs in a sandbox: the executor validates the
 * input, the code runs in an isolate with the sandbox's limits, and its result is validated with
 * `output`.
 *
 * @example
 * ```ts
 * const summarize = defineSandboxedTool({
 *   name: 'orders.summarize',
 *   description: 'Totals a list of orders',
 *   input: z.object({ orders: z.array(z.object({ total: z.number() })) }),
 *   output: z.object({ count: z.number(), total: z.number() }),
 *   code: 'return { count: input.orders.length, total: input.orders.reduce((s, o) => s + o.total, 0) };',
 *   sandbox,
 * });
 * ```
 */
export function defineSandboxedTool<Input extends z.ZodType, Output extends z.ZodType>(
  config: SandboxedToolConfig<Input, Output>,
): Tool<z.output<Input>, z.output<Output>> {
  const { sandbox, code, hostFunctions, timeoutMs } = config;
  return defineTool({
    name: config.name,
    description: config.description,
    input: config.input,
    output: config.output,
    ...(config.permissions !== undefined ? { permissions: config.permissions } : {}),
    ...(config.approval !== undefined ? { approval: config.approval } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(config.maxResultBytes !== undefined ? { maxResultBytes: config.maxResultBytes } : {}),
    // The sandbox enforces the time limit itself, so only the caller's abort is passed on.
    async execute(input, { callerSignal }) {
      const result = await sandbox.run(code, {
        input,
        ...(callerSignal ? { signal: callerSignal } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(hostFunctions ? { hostFunctions } : {}),
      });
      return result.value as z.input<Output>;
    },
  });
}
