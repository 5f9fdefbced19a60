import { ConfigurationError } from '@agenticflow/core';
import type { z } from 'zod';

/** What a host function receives besides its argument. */
export interface HostFunctionContext {
  /** Aborted when the run ends (time limit, abort, finished). */
  readonly signal: AbortSignal;
}

/**
 * A function of the host that sandboxed code may call as `await host.<name>(argument)`. The
 * argument arrives as a JSON copy and is validated with `input` on the host before `call` runs;
 * the result goes back as a JSON copy. Nothing else of the host is reachable from the sandbox.
 */
export interface HostFunction<Input = unknown, Output = unknown> {
  readonly description: string | undefined;
  readonly input: z.ZodType<Input>;
  readonly output: z.ZodType<Output> | undefined;
  call(input: Input, context: HostFunctionContext): Output | Promise<Output>;
}

/** Host functions by the name sandboxed code calls them with. */
export type HostFunctions = Readonly<Record<string, HostFunction>>;

/** Configuration of {@link defineHostFunction}. */
export interface HostFunctionConfig<Input extends z.ZodType, Output> {
  readonly description?: string;
  /** Validates the argument on the host; a failure rejects the sandbox's call with the issues. */
  readonly input: Input;
  /** Validates the result, when given. */
  readonly output?: z.ZodType<Output>;
  call(input: z.output<Input>, context: HostFunctionContext): Output | Promise<Output>;
}

/**
 * Defines a host function to grant to sandboxed code.
 *
 * @example
 * ```ts
 * const price = defineHostFunction({
 *   input: z.object({ sku: z.string() }),
 *   call: async ({ sku }) => catalog.price(sku),
 * });
 * await sandbox.run('return await host.price({ sku: input.sku })', { input, hostFunctions: { price } });
 * ```
 */
export function defineHostFunction<Input extends z.ZodType, Output>(
  config: HostFunctionConfig<Input, Output>,
): HostFunction<z.output<Input>, Output> {
  return {
    description: config.description,
    input: config.input as unknown as z.ZodType<z.output<Input>>,
    output: config.output,
    call: (input, context) => config.call(input, context),
  };
}

const HOST_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Throws `INVALID_CONFIGURATION` unless every host function name is a plain identifier. */
export function assertHostFunctionNames(hostFunctions: HostFunctions | undefined): string[] {
  const names = hostFunctions ? Object.keys(hostFunctions) : [];
  for (const name of names) {
    if (!HOST_NAME.test(name) || name === '__proto__' || name === 'constructor') {
      throw new ConfigurationError(
        `host function name ${JSON.stringify(name)} must be a plain JavaScript identifier other than __proto__ and constructor`,
      );
    }
  }
  return names;
}
