import { type EventStore, NotFoundError } from '@agenticflow/core';
import type { ToolExecutor } from '@agenticflow/tools';
import type { ModelMessage, ModelRequest } from '../models/model.js';
import { NonDeterministicReplayError } from '../models/record-replay/non-deterministic-replay-error.js';
import { recordModelCall } from '../models/record-replay/record-model-call.js';
import { findDifference } from '../models/record-replay/replay-difference.js';
import { type JournalMode, RunJournal } from '../models/record-replay/run-journal.js';
import { callModel } from './call-model.js';
import type { LlmAgentOptions, LlmRunOptions, LlmRunResult } from './llm-agent-options.js';
import {
  LLM_RUN_EVENT_TYPES,
  LlmRunCancelled,
  LlmRunCompleted,
  LlmRunFailed,
  LlmRunStarted,
  type LlmRunStartedData,
  llmRunStreamId,
} from './llm-events.js';
import { chatWithSpan } from './llm-spans.js';
import { loadMemoryContext, saveExchange } from './memory-context.js';
import { RunBudget } from './run-budget.js';
import type { RunContext } from './run-context.js';
import { RunDeadline } from './run-deadline.js';
import { endWithError, metadataOf } from './run-ending.js';
import { runToolCall } from './tool-call-step.js';

const OWNED = new Set(LLM_RUN_EVENT_TYPES);
const ENDINGS = new Set<string>([LlmRunFailed.type, LlmRunCancelled.type]);
const DEFAULT_MAX_TOOL_RESULT_BYTES = 16_384;

/** Everything one run (or replay) of an agent needs. */
export interface LoopSetup {
  readonly agent: LlmAgentOptions;
  readonly executor: ToolExecutor;
  readonly mode: JournalMode;
  readonly runId: string;
  /** The user's message; `undefined` for a replay, which takes it from the log. */
  readonly input: string | undefined;
  readonly store: EventStore;
  readonly options: Omit<LlmRunOptions, 'store' | 'runId'>;
}

/** Runs the tool-calling loop of one run through its journal. */
export async function runLlmLoop(setup: LoopSetup): Promise<LlmRunResult> {
  const { agent, options, runId } = setup;
  const streamId = llmRunStreamId(runId);
  const journal = await RunJournal.open({
    store: setup.store,
    streamId,
    mode: setup.mode,
    owns: (type) => OWNED.has(type),
    ends: (type) => ENDINGS.has(type),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  if (setup.mode === 'replay' && !journal.hasHistory) {
    throw new NotFoundError(
      `run ${runId} has no events in stream ${streamId}: check the run id and the store it was recorded in`,
      { details: { runId, streamId } },
    );
  }
  const limits = agent.limits ?? {};
  const deadline = new RunDeadline(
    runId,
    options.signal,
    setup.mode === 'live' ? limits.maxDurationMs : undefined,
  );
  const budget = new RunBudget(limits, runId);
  const context: RunContext = {
    runId,
    agent: agent.name,
    journal,
    executor: setup.executor,
    grants: agent.grants ?? [],
    signal: deadline.signal,
    maxToolResultBytes: agent.maxToolResultBytes ?? DEFAULT_MAX_TOOL_RESULT_BYTES,
    metadata: options.metadata,
    invalidTools: new Set(),
  };
  const calls = { served: 0, live: 0 };
  const summary = (status: LlmRunResult['status'], text: string) => ({
    runId,
    streamId,
    status,
    text,
    steps: budget.steps,
    usage: budget.usage(),
    servedModelCalls: calls.served,
    liveModelCalls: calls.live,
  });
  try {
    const started = await startRun(setup, context);
    const messages: ModelMessage[] = [
      { role: 'system', content: agent.instructions },
      ...started.context,
      { role: 'user', content: started.input },
    ];
    const tools = setup.executor.registry.modelTools();
    for (;;) {
      deadline.throwIfStopped();
      budget.beforeStep();
      const step = budget.steps + 1;
      const request: ModelRequest = {
        messages: [...messages],
        ...(tools.length > 0 ? { tools } : {}),
        ...(agent.temperature === undefined ? {} : { temperature: agent.temperature }),
        ...(agent.maxOutputTokens === undefined ? {} : { maxOutputTokens: agent.maxOutputTokens }),
      };
      const onText = options.onText && ((text: string) => options.onText?.(text, step));
      const { response, served } = await recordModelCall(
        journal,
        { callIndex: budget.steps, step, modelId: agent.model.id },
        request,
        () =>
          chatWithSpan(agent.model, request, () =>
            callModel(agent.model, request, deadline.signal, onText),
          ),
      );
      calls[served ? 'served' : 'live']++;
      if (served && response.text.length > 0) onText?.(response.text);
      budget.afterCall(response.usage);
      messages.push({
        role: 'assistant',
        content: response.text,
        ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}),
      });
      if (response.toolCalls.length === 0) break;
      for (const call of response.toolCalls) {
        deadline.throwIfStopped();
        const outcome = await runToolCall(context, step, call);
        if (outcome.kind === 'suspended') {
          const { callId, tool, argsHash } = outcome.data;
          return { ...summary('suspended', ''), pendingApproval: { callId, tool, argsHash } };
        }
        messages.push(outcome.message);
      }
    }
    const text = (messages.at(-1)?.content as string | undefined) ?? '';
    const appending = journal.peek() === undefined;
    await journal.record(
      LlmRunCompleted.create(
        { text, steps: budget.steps, usage: budget.usage() },
        { metadata: metadataOf(context) },
      ),
      () => undefined,
      { streamId, step: budget.steps },
    );
    if (appending && agent.memory) await saveExchange(agent.memory, started.input, text);
    return summary('completed', text);
  } catch (thrown) {
    throw await endWithError(context, budget, deadline, thrown);
  } finally {
    deadline.dispose();
  }
}

/** Serves or records `llm.run_started`: the input and the memory context the run works from. */
async function startRun(setup: LoopSetup, context: RunContext): Promise<LlmRunStartedData> {
  const { journal } = context;
  const recorded = journal.peek();
  if (recorded && LlmRunStarted.is(recorded)) {
    const difference =
      setup.input === undefined ? undefined : findDifference(recorded.data.input, setup.input);
    if (difference) {
      throw new NonDeterministicReplayError({
        streamId: journal.streamId,
        version: recorded.version,
        recorded: `${LlmRunStarted.type} with another input`,
        actual: `${LlmRunStarted.type} of run ${setup.runId}`,
        difference: { ...difference, path: 'input' },
      });
    }
    await journal.serveNext();
    return recorded.data;
  }
  if (setup.input === undefined) {
    throw new NonDeterministicReplayError({
      streamId: journal.streamId,
      recorded: recorded?.type ?? 'end of log',
      actual: LlmRunStarted.type,
    });
  }
  const memory = setup.agent.memory;
  const data: LlmRunStartedData = {
    runId: setup.runId,
    agent: setup.agent.name,
    modelId: setup.agent.model.id,
    input: setup.input,
    context: memory ? await loadMemoryContext(memory) : [],
  };
  await journal.record(
    LlmRunStarted.create(data, { metadata: metadataOf(context) }),
    () => undefined,
    { streamId: journal.streamId },
  );
  return data;
}
