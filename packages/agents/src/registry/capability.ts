import {
  type JsonObject,
  ValidationError,
  type ValidationIssue,
  zodIssuesToValidationIssues,
} from '@agenticflow/core';
import type { z } from 'zod';
import { lazyZod } from '../validation/lazy-zod.js';
import { tryParseVersion } from './semver.js';

/** What an agent can do, as its definition declares it. */
export interface AgentCapability {
  /** Dotted lower case, such as `'translate'` or `'text.summarize'`. */
  readonly name: string;
  /**
   * Semantic version of what the capability offers; requests match it with a range.
   * @defaultValue '1.0.0'
   */
  readonly version?: string;
  readonly description?: string;
  /**
   * What the agent accepts for this capability, as a zod 4 schema (classic or zod/mini).
   * Requests whose input fails it are not matched.
   */
  readonly input?: CapabilityInputSchema;
}

/** Any zod 4 schema: classic (`zod`) or `zod/mini`; both have a `safeParse` method. */
export type CapabilityInputSchema = z.core.$ZodType;
type Parseable = { safeParse(value: unknown): z.ZodSafeParseResult<unknown> };

/** The JSON form of a capability: what the registry announces to other processes. */
export interface CapabilityDescriptor {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  /** JSON Schema of the accepted input (from the zod schema), if one was declared. */
  readonly inputSchema?: JsonObject;
}

const NAME = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*$/;
const localSchemas = new WeakMap<CapabilityDescriptor, CapabilityInputSchema>();

/** Problems of one declared capability, with paths under `path`. */
export function capabilityIssues(
  capability: unknown,
  path: readonly (string | number)[],
): ValidationIssue[] {
  const value = capability as Partial<AgentCapability> | null;
  if (typeof value !== 'object' || value === null)
    return [{ path, message: `must be an object { name, version?, input? }, got ${typeof value}` }];
  const issues: ValidationIssue[] = [];
  if (typeof value.name !== 'string' || !NAME.test(value.name))
    issues.push({
      path: [...path, 'name'],
      message: `${JSON.stringify(value.name)} must be dotted lower case, such as "translate" or "text.summarize"`,
    });
  if (value.version !== undefined && tryParseVersion(String(value.version)) === undefined)
    issues.push({
      path: [...path, 'version'],
      message: `${JSON.stringify(value.version)} is not a semantic version: write major.minor.patch, such as "1.2.0"`,
    });
  if (
    value.input !== undefined &&
    typeof (value.input as Partial<Parseable>)?.safeParse !== 'function'
  )
    issues.push({ path: [...path, 'input'], message: 'must be a zod schema' });
  return issues;
}

/**
 * Validates a capability and returns its JSON form. Throws `VALIDATION_FAILED` listing the issues.
 *
 * @example
 * ```ts
 * describeCapability({ name: 'translate', version: '1.2.0', input: z.object({ text: z.string() }) });
 * // { name: 'translate', version: '1.2.0', inputSchema: { type: 'object', … } }
 * ```
 */
export function describeCapability(capability: AgentCapability): CapabilityDescriptor {
  const issues = capabilityIssues(capability, []);
  if (issues.length > 0) throw new ValidationError('invalid capability', issues);
  const descriptor: CapabilityDescriptor = {
    name: capability.name,
    version: capability.version ?? '1.0.0',
    ...(capability.description ? { description: capability.description } : {}),
    ...(capability.input ? toInputSchema(capability.input) : {}),
  };
  if (capability.input) localSchemas.set(descriptor, capability.input);
  return descriptor;
}

type ToJsonSchemaParams = Parameters<typeof z.toJSONSchema>[1];
/** A zod schema's own `toJSONSchema` (classic schemas of zod 4.2+); mini schemas lack it. */
type WithToJsonSchema = { toJSONSchema?: (params: ToJsonSchemaParams) => unknown };

function toInputSchema(schema: CapabilityInputSchema): { inputSchema?: JsonObject } {
  const params: ToJsonSchemaParams = { io: 'input', unrepresentable: 'any' };
  try {
    // The schema's own method uses the zod the user already loaded; only schemas without one
    // (zod/mini, older zod) make this package load zod.
    const own = (schema as WithToJsonSchema).toJSONSchema;
    const json =
      typeof own === 'function' ? own.call(schema, params) : lazyZod().toJSONSchema(schema, params);
    return { inputSchema: JSON.parse(JSON.stringify(json)) as JsonObject };
  } catch {
    // A schema JSON Schema cannot express is still checked in this process, just not remotely.
    return {};
  }
}

const remoteSchemas = new Map<string, CapabilityInputSchema | null>();
const MAX_REMOTE_SCHEMAS = 1_000;

/**
 * Why `input` does not fit the capability's declared input, or `undefined` when it fits (or no
 * schema was declared). Uses the zod schema for capabilities of this process, the announced JSON
 * Schema for others.
 */
export function inputMismatch(
  descriptor: CapabilityDescriptor,
  input: unknown,
): string | undefined {
  const schema = localSchemas.get(descriptor) ?? remoteSchema(descriptor.inputSchema);
  if (!schema) return undefined;
  const result = (schema as unknown as Parseable).safeParse(input);
  if (result.success) return undefined;
  return zodIssuesToValidationIssues(result.error.issues)
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function remoteSchema(json: JsonObject | undefined): CapabilityInputSchema | undefined {
  if (json === undefined) return undefined;
  const key = JSON.stringify(json);
  let schema = remoteSchemas.get(key);
  if (schema === undefined) {
    schema = fromJsonSchema(json);
    if (remoteSchemas.size >= MAX_REMOTE_SCHEMAS) remoteSchemas.clear();
    remoteSchemas.set(key, schema);
  }
  return schema ?? undefined;
}

function fromJsonSchema(json: JsonObject): z.ZodType | null {
  // `z.fromJSONSchema` arrived in zod 4.2; with an older zod, remote input schemas go unchecked.
  // zod is loaded here, on the first input checked against another process's schema.
  const convert = (lazyZod() as { fromJSONSchema?: (schema: JsonObject) => z.ZodType })
    .fromJSONSchema;
  if (typeof convert !== 'function') return null;
  try {
    return convert(json);
  } catch {
    return null;
  }
}
