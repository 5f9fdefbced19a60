import { ConfigurationError, newId } from '@agenticflow/core';
import { createToolExecutor, type ToolExecutor, ToolRegistry } from '@agenticflow/tools';
import type { Model } from '../models/model.js';
import type {
  LlmAgentOptions,
  LlmReplayOptions,
  LlmRunOptions,
  LlmRunPart,
  LlmRunResult,
} from './llm-agent-options.js';
import { invokeLlmAgentWithSpan } from './llm-spans.js';
import { checkLimits } from './run-budget.js';
import { runLlmLoop } from './run-llm-loop.js';
import { RunPartQueue } from './run-part-queue.js';

/** A streamed run: iterate it for text deltas and events; `result` settles like `run`. */
export interface LlmRunStream extends AsyncIterable<LlmRunPart> {
  readonly result: Promise<LlmRunResult>;
}

/**
 * An agent driven by a language model: it sends its instructions, the conversation and its tools'
 * definitions to the model, runs the tool calls the model asks for through the tool executor
 * (schemas, grants, approvals, time limits), feeds the results back, and stops at the final
 * answer. Every step is an event of the run's stream `run-<runId>`, so a run can be resumed after
 * a crash and replayed without calling the model. Made by {@link createLlmAgent}.
 */
export class LlmAgent {
  readonly name: string;
  readonly model: Model;
  /** Runs the agent's tool calls; its registry holds the agent's tools. */
  readonly executor: ToolExecutor;
  private readonly options: LlmAgentOptions;

  constructor(options: LlmAgentOptions) {
    checkOptions(options);
    this.options = options;
    this.name = options.name;
    this.model = options.model;
    this.executor = options.executor ?? createToolExecutor({ registry: registryOf(options) });
  }

  /**
   * Runs the agent on `input` until the model answers without calling a tool. Resolves with the
   * answer (or `status: 'suspended'` when a tool call waits for approval); rejects with
   * `BUDGET_EXCEEDED`, `TOOL_ARGUMENTS_INVALID`, `ABORTED` or the model's error, each recorded as
   * the run's ending. Passing the `runId` of an unfinished run resumes it: its recorded model
   * calls and tool results are served from the log.
   */
  run(input: string, options: LlmRunOptions): Promise<LlmRunResult> {
    if (typeof input !== 'string') {
      throw new ConfigurationError(
        `the input of agent ${this.name} must be a string (the user's message), got ${typeof input}`,
      );
    }
    const { store, runId = newId(), ...rest } = options;
    return invokeLlmAgentWithSpan(this.name, runId, () =>
      runLlmLoop({
        agent: this.options,
        executor: this.executor,
        mode: 'live',
        runId,
        input,
        store,
        options: rest,
      }),
    );
  }

  /**
   * {@link LlmAgent.run} as a stream of parts: each text delta and each event of the run, in
   * order. The iterator ends when the run ends, or throws its error.
   */
  stream(input: string, options: LlmRunOptions): LlmRunStream {
    const queue = new RunPartQueue<LlmRunPart>();
    const result = this.run(input, {
      ...options,
      onText: (text, step) => {
        options.onText?.(text, step);
        queue.push({ type: 'text-delta', step, text });
      },
      onEvent: async (event) => {
        await options.onEvent?.(event);
        queue.push({ type: 'event', event });
      },
    });
    result.then(
      () => queue.end(),
      (error: unknown) => queue.fail(error),
    );
    return { result, [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator]() };
  }

  /**
   * Re-runs a recorded run from its stream: model answers and tool results come from the log, so
   * no model is called and no tool runs, and `onEvent` receives the recorded events in order. It
   * fails with `NON_DETERMINISTIC_REPLAY` when the agent now asks something the log does not hold
   * (changed instructions, tools or options), and reproduces a recorded failure by rejecting
   * with its error. It never writes.
   */
  replay(options: LlmReplayOptions): Promise<LlmRunResult> {
    const { store, runId, ...rest } = options;
    return runLlmLoop({
      agent: this.options,
      executor: this.executor,
      mode: 'replay',
      runId,
      input: undefined,
      store,
      options: rest,
    });
  }
}

/**
 * Creates an {@link LlmAgent}.
 *
 * @example
 * ```ts
 * const agent = createLlmAgent({
 *   name: 'support',
 *   instructions: 'Answer questions about orders. Look orders up before answering.',
 *   model: createModel('openai:gpt-4o-mini'),
 *   tools: [lookUpOrder],
 *   grants: ['orders:read'],
 *   limits: { maxSteps: 8, maxTokens: 20_000, maxDurationMs: 60_000 },
 * });
 * const store = await createSqliteEventStore({ filename: '.agenticflow/events.db' });
 * const result = await agent.run('Where is order 42?', {
 *   store,
 *   onText: (text) => process.stdout.write(text),
 * });
 * // later, without calling the model:
 * await agent.replay({ store, runId: result.runId });
 * ```
 */
export function createLlmAgent(options: LlmAgentOptions): LlmAgent {
  return new LlmAgent(options);
}

function registryOf(options: LlmAgentOptions): ToolRegistry {
  if (options.tools instanceof ToolRegistry) return options.tools;
  const registry = new ToolRegistry();
  registry.register(options.tools ?? []);
  return registry;
}

function checkOptions(options: LlmAgentOptions): void {
  if (typeof options.name !== 'string' || options.name.length === 0) {
    throw new ConfigurationError(
      `an LLM agent needs a non-empty name, got ${JSON.stringify(options.name)}`,
    );
  }
  if (typeof options.instructions !== 'string') {
    throw new ConfigurationError(
      `agent ${options.name} needs instructions (its system prompt) as a string`,
    );
  }
  if (!options.model || typeof options.model.generate !== 'function') {
    throw new ConfigurationError(
      `agent ${options.name} needs a model: createModel('provider:model') or a ScriptedModel`,
    );
  }
  if (options.executor && options.tools) {
    throw new ConfigurationError(
      `agent ${options.name} was given both tools and an executor: register the tools in the executor's registry and pass only the executor`,
    );
  }
  const maxBytes = options.maxToolResultBytes;
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes >= 64)) {
    throw new ConfigurationError(
      `maxToolResultBytes ${String(maxBytes)} of agent ${options.name} must be a whole number of at least 64`,
    );
  }
  checkLimits(options.limits ?? {});
}
