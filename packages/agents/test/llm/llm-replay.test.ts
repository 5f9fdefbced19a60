import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgenticEvent, type EventStore, InMemoryEventStore } from '@agenticflow/core';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmAgent } from '../../src/llm/index.js';
import type { Model } from '../../src/models/model.js';
import { GuardedRunStore } from '../../src/models/record-replay/index.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { addTool, readEvents } from './support.js';

const script = [
  { toolCalls: [{ name: 'math__add', arguments: { a: 1, b: 2 } }] },
  { toolCalls: [{ name: 'math__add', arguments: { a: 3, b: 4 } }] },
  { text: 'The sums are 3 and 7.' },
];

/** A model that fails the test if anything calls it. */
const noModel: Model = {
  id: 'scripted:model',
  generate: () => {
    throw new Error('the model was called during a replay');
  },
  stream: () => {
    throw new Error('the model was called during a replay');
  },
};

function agentWith(model: Model, calls: Array<{ a: number; b: number }>, instructions = 'Add.') {
  return createLlmAgent({ name: 'calc', instructions, model, tools: [addTool(calls)] });
}

describe('LLM agent replay', () => {
  it('replays a recorded run event for event without calling the model or the tools', async () => {
    const store = new InMemoryEventStore();
    const calls: Array<{ a: number; b: number }> = [];
    const recorded = await agentWith(new ScriptedModel({ answers: script }), calls).run('add', {
      store,
      runId: 'rec',
    });
    const stored = await readEvents(store, 'run-rec');

    const replayCalls: Array<{ a: number; b: number }> = [];
    const scripted = new ScriptedModel({ answers: script });
    const seen: AgenticEvent[] = [];
    const texts: string[] = [];
    const replayed = await agentWith(noModel, replayCalls).replay({
      store,
      runId: 'rec',
      onEvent: (event) => void seen.push(event),
      onText: (text) => texts.push(text),
    });
    await agentWith(scripted, replayCalls).replay({ store, runId: 'rec' });

    expect(scripted.requests).toEqual([]);
    expect(replayCalls).toEqual([]);
    expect(seen).toEqual(stored);
    expect(texts).toEqual(['The sums are 3 and 7.']);
    expect(replayed).toMatchObject({
      text: recorded.text,
      steps: 3,
      usage: recorded.usage,
      servedModelCalls: 3,
      liveModelCalls: 0,
    });
    expect(await readEvents(store, 'run-rec')).toHaveLength(stored.length);
  });

  it('fails with NON_DETERMINISTIC_REPLAY naming the step when a request changed', async () => {
    const store = new InMemoryEventStore();
    await agentWith(new ScriptedModel({ answers: script }), []).run('add', { store, runId: 'nd' });

    const error = await agentWith(noModel, [], 'Add carefully.')
      .replay({ store, runId: 'nd' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'NON_DETERMINISTIC_REPLAY',
      details: { step: 1, callIndex: 0, difference: { path: 'request.messages.0.content' } },
    });
    expect((error as Error).message).toContain('step 1, model call 0');
    expect((error as Error).message).toContain('"Add."');
    expect((error as Error).message).toContain('"Add carefully."');
  });

  it('fails when a replay asks for more model calls than were recorded', async () => {
    const store = new InMemoryEventStore();
    const model = new ScriptedModel({ answers: script });
    // The recorded run stops after one model call: its budget allowed one step.
    const short = createLlmAgent({
      name: 'calc',
      instructions: 'Add.',
      model,
      tools: [addTool()],
      limits: { maxSteps: 1 },
    });
    await short.run('add', { store, runId: 'more' }).catch(() => undefined);
    const events = await readEvents(store, 'run-more');
    // Drop the recorded failure: the log now ends after the first tool result.
    const truncatedStore = new InMemoryEventStore();
    await truncatedStore.append(
      'run-more',
      events.slice(0, -1).map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
    );
    const error = await agentWith(noModel, [])
      .replay({ store: truncatedStore, runId: 'more' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'NON_DETERMINISTIC_REPLAY',
      details: { step: 2, callIndex: 1, recorded: 'end of log', actual: 'model.requested' },
    });
  });

  it('reproduces a recorded failure on replay', async () => {
    const store = new InMemoryEventStore();
    const agent = createLlmAgent({
      name: 'calc',
      instructions: 'Add.',
      model: new ScriptedModel({ answers: script }),
      tools: [addTool()],
      limits: { maxSteps: 1 },
    });
    await agent.run('add', { store, runId: 'fail' }).catch(() => undefined);
    const error = await agentWith(noModel, [])
      .replay({ store, runId: 'fail' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { budget: 'steps' } });
  });
});

describe('LLM agent resumption', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('resumes a crashed run on SQLite without calling the model for recorded calls', async () => {
    directory = mkdtempSync(join(tmpdir(), 'af-llm-'));
    const filename = join(directory, 'events.db');
    const first = await createSqliteEventStore({ filename });
    // The "process" dies right after the second model answer is stored: every later append fails.
    const dying = new GuardedRunStore(first, 'run-crash', async (events) => {
      const types = (await readEvents(first, 'run-crash')).map((event) => event.type);
      if (types.filter((type) => type === 'model.responded').length >= 2) {
        throw new Error('process crashed');
      }
      const version = types.length;
      return first.append('run-crash', events, {
        expectedVersion: version === 0 ? 'no_stream' : version,
      });
    });
    const calls: Array<{ a: number; b: number }> = [];
    const firstModel = new ScriptedModel({ answers: script });
    await expect(
      agentWith(firstModel, calls).run('add', { store: dying as EventStore, runId: 'crash' }),
    ).rejects.toThrow('process crashed');
    expect(firstModel.requests).toHaveLength(2);
    expect(calls).toEqual([{ a: 1, b: 2 }]);
    const before = (await readEvents(first, 'run-crash')).map((event) => event.type);
    expect(before.at(-1)).toBe('model.responded');
    await first.close();

    const second = await createSqliteEventStore({ filename });
    try {
      // Only the third answer is left in this model's script: it may be called once.
      const secondModel = new ScriptedModel({ answers: [script[2]!] });
      const result = await agentWith(secondModel, calls).run('add', {
        store: second,
        runId: 'crash',
      });
      expect(result).toMatchObject({
        status: 'completed',
        text: 'The sums are 3 and 7.',
        servedModelCalls: 2,
        liveModelCalls: 1,
      });
      expect(secondModel.requests).toHaveLength(1);
      expect(secondModel.requests[0]!.messages.at(-1)).toMatchObject({ content: '{"sum":7}' });
      expect(calls).toEqual([
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ]);
      const types = (await readEvents(second, 'run-crash')).map((event) => event.type);
      expect(types.slice(0, before.length)).toEqual(before);
      expect(types.at(-1)).toBe('llm.run_completed');

      // The whole run now replays from the file with no model at all.
      const replayed = await agentWith(noModel, []).replay({ store: second, runId: 'crash' });
      expect(replayed.text).toBe('The sums are 3 and 7.');
    } finally {
      await second.close();
    }
  });

  it('fails with EXPECTED_VERSION_CONFLICT when another writer appends to the run', async () => {
    const store = new InMemoryEventStore();
    const intruder = addTool();
    const tool = {
      ...intruder,
      execute: async (input: { a: number; b: number }) => {
        await store.append('run-race', [{ type: 'other.write', data: {} }]);
        return { sum: input.a + input.b };
      },
    };
    const agent = createLlmAgent({
      name: 'calc',
      instructions: 'Add.',
      model: new ScriptedModel({ answers: script }),
      tools: [tool],
    });
    const error = await agent.run('add', { store, runId: 'race' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EXPECTED_VERSION_CONFLICT' });
    const types = (await readEvents(store, 'run-race')).map((event) => event.type);
    expect(types).not.toContain('tool.succeeded');
    expect(types).not.toContain('llm.run_failed');
  });
});
