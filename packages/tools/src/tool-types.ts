import type { JsonObject } from '@agenticflow/core';
import type { z } from 'zod';
import type { PermissionSet } from './permissions/permission-set.js';

/** Who makes a tool call: an agent, a user, a workflow step. */
export interface ToolCaller {
  /** Recorded on every tool event as the actor. */
  readonly id: string;
  /** What the caller may do: `domain:action[:resource]` globs. Deny by default. */
  readonly grants: readonly string[] | PermissionSet;
}

/** What a tool's `execute` receives besides its input. */
export interface ToolContext {
  /** Aborted when the call times out or the caller aborts: stop work and return. */
  readonly signal: AbortSignal;
  /**
   * The caller's own signal, aborted only when the caller aborts (not at the time limit). Tools
   * that enforce their own time limit (sandboxed code) use it instead of `signal`, which is
   * created on first read.
   */
  readonly callerSignal: AbortSignal | undefined;
  /** Unique id of this call (the model's tool-call id when the caller gave one). */
  readonly callId: string;
  /**
   * Pass it to side-effecting APIs (payments, tickets, emails) so a retried step does the effect
   * once. The caller's key when given (a workflow passes `runId/stepId`), else the call id.
   */
  readonly idempotencyKey: string;
  /** The caller. */
  readonly caller: ToolCaller;
  /** The tool's full name. */
  readonly toolName: string;
}

/** What an approval predicate receives. */
export interface ApprovalContext {
  readonly caller: ToolCaller;
  readonly toolName: string;
}

/**
 * When a person must approve a call: `'never'`, `'always'`, or a predicate over the validated input
 * (approve refunds above 100 €, writes outside `/tmp`…).
 */
export type ApprovalPolicy<Input = unknown> = 'never' | 'always' | ApprovalPredicate<Input>;

/**
 * Decides whether a call needs approval. (Declared as a method so a tool with a narrower input
 * is still a `Tool`.)
 */
export type ApprovalPredicate<Input> = {
  bivariant(input: Input, context: ApprovalContext): boolean | Promise<boolean>;
}['bivariant'];

/** A JSON Schema object, as models and MCP expect tool input schemas. */
export type JsonSchema = JsonObject;

/**
 * A tool: a named, described function with a validated input, run by the tool executor. Made by
 * `defineTool`.
 *
 * @typeParam Input - the validated input `execute` receives
 * @typeParam Output - what the call returns
 */
export interface Tool<Input = unknown, Output = unknown> {
  /** Full name: dot-separated segments of letters, digits, `_` and `-` (`fs.read`). */
  readonly name: string;
  /** What the tool does and when to use it: the model reads this. */
  readonly description: string;
  /** Validates and parses the input; failures are `VALIDATION_FAILED` and never executed. */
  readonly input: z.ZodType<Input>;
  /** Validates the output, when given. */
  readonly output: z.ZodType<Output> | undefined;
  /** The input's JSON Schema, for models. */
  readonly inputJsonSchema: JsonSchema;
  /** The grants this call needs, given its validated input. */
  permissionsFor(input: Input): readonly string[];
  /** When a person must approve. */
  readonly approval: ApprovalPolicy<Input>;
  /** Time limit of one call in milliseconds; `undefined` uses the executor's default. */
  readonly timeoutMs: number | undefined;
  /** Cap of the model-facing result in bytes; `undefined` uses the executor's default. */
  readonly maxResultBytes: number | undefined;
  /** Runs the tool. Called only with validated input, by an authorized and approved caller. */
  execute(input: Input, context: ToolContext): Output | Promise<Output>;
}
