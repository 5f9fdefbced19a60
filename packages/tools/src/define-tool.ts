import { ConfigurationError, ValidationError } from '@agenticflow/core';
import type { z } from 'zod';
import { parseGrant } from './permissions/grant.js';
import type { ApprovalPolicy, JsonSchema, Tool, ToolContext } from './tool-types.js';
import { lazyZod } from './util/lazy-zod.js';

const TOOL_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** Longest accepted tool name. */
export const MAX_TOOL_NAME_LENGTH = 128;

interface ToolConfigBase<Input extends z.ZodType> {
  /** Dot-separated segments of letters, digits, `_` and `-`, at most 128 characters. */
  readonly name: string;
  /** What the tool does and when to use it: the model reads this. */
  readonly description: string;
  /** Zod schema of the input; must describe a JSON object (models call tools with objects). */
  readonly input: Input;
  /**
   * Grants the call needs: a fixed list, or computed from the validated input
   * (`(input) => [\`fs:read:${input.path}\`]`).
   * @defaultValue [] (any caller may call it)
   */
  readonly permissions?: readonly string[] | ((input: z.output<Input>) => readonly string[]);
  /** @defaultValue 'never' */
  readonly approval?: ApprovalPolicy<z.output<Input>>;
  /** Time limit of one call. @defaultValue the executor's `defaultTimeoutMs` (30 s) */
  readonly timeoutMs?: number;
  /** Cap of the model-facing result. @defaultValue the executor's `maxResultBytes` (64 KiB) */
  readonly maxResultBytes?: number;
  /** The input's JSON Schema when it should not be derived from `input` (MCP tools). */
  readonly inputJsonSchema?: JsonSchema;
}

/** Configuration of {@link defineTool} with an output schema. */
export interface ToolConfigWithOutput<Input extends z.ZodType, Output extends z.ZodType>
  extends ToolConfigBase<Input> {
  /** Zod schema of the output; an output that breaks it fails the call. */
  readonly output: Output;
  execute(input: z.output<Input>, context: ToolContext): z.input<Output> | Promise<z.input<Output>>;
}

/** Configuration of {@link defineTool} without an output schema. */
export interface ToolConfigWithoutOutput<Input extends z.ZodType, Result>
  extends ToolConfigBase<Input> {
  readonly output?: undefined;
  execute(input: z.output<Input>, context: ToolContext): Result | Promise<Result>;
}

/**
 * Defines a tool. `execute`'s input type is inferred from the `input` schema, and its return type
 * from `output` when given.
 *
 * @example
 * ```ts
 * const getWeather = defineTool({
 *   name: 'weather.get',
 *   description: 'Current weather for a city',
 *   input: z.object({ city: z.string().min(1) }),
 *   output: z.object({ celsius: z.number() }),
 *   permissions: ['net:fetch:api.weather.example'],
 *   timeoutMs: 5_000,
 *   async execute({ city }, { signal }) {
 *     return { celsius: await lookUp(city, signal) };
 *   },
 * });
 * ```
 */
export function defineTool<Input extends z.ZodType, Output extends z.ZodType>(
  config: ToolConfigWithOutput<Input, Output>,
): Tool<z.output<Input>, z.output<Output>>;
export function defineTool<Input extends z.ZodType, Result>(
  config: ToolConfigWithoutOutput<Input, Result>,
): Tool<z.output<Input>, Awaited<Result>>;
export function defineTool(
  config: ToolConfigWithOutput<z.ZodType, z.ZodType> | ToolConfigWithoutOutput<z.ZodType, unknown>,
): Tool {
  assertToolName(config.name);
  checkConfig(config);
  const permissions = config.permissions ?? [];
  if (typeof permissions !== 'function') {
    for (const grant of permissions) parseGrant(grant, `permission of tool ${config.name}`);
  }
  const execute = config.execute;
  return {
    name: config.name,
    description: config.description,
    input: config.input,
    output: config.output,
    inputJsonSchema: config.inputJsonSchema ?? inputJsonSchemaOf(config.name, config.input),
    permissionsFor: typeof permissions === 'function' ? permissions : () => permissions,
    approval: (config.approval ?? 'never') as ApprovalPolicy,
    timeoutMs: config.timeoutMs,
    maxResultBytes: config.maxResultBytes,
    execute: (input, context) => execute(input, context),
  };
}

/** Throws `VALIDATION_FAILED` unless `name` is a valid tool name. */
export function assertToolName(name: string): void {
  if (typeof name !== 'string' || name.length > MAX_TOOL_NAME_LENGTH || !TOOL_NAME.test(name)) {
    throw new ValidationError('invalid tool name', [
      {
        path: ['name'],
        message: `${JSON.stringify(name)} must be dot-separated segments of letters, digits, "_" and "-", at most ${MAX_TOOL_NAME_LENGTH} characters, such as "fs.read"`,
      },
    ]);
  }
}

function checkConfig(config: ToolConfigBase<z.ZodType>): void {
  if (typeof config.description !== 'string' || config.description.trim() === '') {
    throw new ConfigurationError(
      `tool ${config.name} has no description: describe what it does so a model can choose it`,
    );
  }
  for (const [key, value] of [
    ['timeoutMs', config.timeoutMs],
    ['maxResultBytes', config.maxResultBytes],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new ConfigurationError(
        `tool ${config.name}: ${key} ${String(value)} must be a positive integer`,
      );
    }
  }
}

function inputJsonSchemaOf(name: string, input: z.ZodType): JsonSchema {
  let schema: JsonSchema;
  try {
    const params = { io: 'input', unrepresentable: 'any' } as const;
    // Classic zod schemas convert themselves, without loading zod here.
    const convert = (input as { toJSONSchema?: (options: typeof params) => unknown }).toJSONSchema;
    schema = (
      typeof convert === 'function'
        ? convert.call(input, params)
        : lazyZod().toJSONSchema(input, params)
    ) as JsonSchema;
  } catch (error) {
    throw new ConfigurationError(
      `tool ${name}: its input schema cannot be turned into JSON Schema: use JSON-representable zod types`,
      { cause: error },
    );
  }
  if (schema.type !== 'object') {
    throw new ConfigurationError(
      `tool ${name}: the input schema must describe an object (z.object({...})), got ${JSON.stringify(schema.type ?? 'no type')}: models call tools with a JSON object`,
    );
  }
  return schema;
}
