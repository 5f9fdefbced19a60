import { InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode } from '@agenticflow/core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  EventStoreMemoryStore,
  InMemoryMemoryStore,
  WorkingMemory,
} from '../../src/memory/index.js';

const schema = z.object({ steps: z.array(z.string()), done: z.number().int().min(0) });

describe('WorkingMemory', () => {
  it('sets and gets a typed value per agent and per resource, separately', async () => {
    const memory = new WorkingMemory({ store: new InMemoryMemoryStore(), schema });
    expect(await memory.get({ agentId: 'planner' })).toBeUndefined();
    const set = await memory.set({ agentId: 'planner' }, { steps: ['search'], done: 0 });
    expect(set).toMatchObject({ value: { steps: ['search'], done: 0 }, revision: 1 });
    await memory.set({ resourceId: 'planner' }, { steps: [], done: 3 });
    const state = await memory.get({ agentId: 'planner' });
    expectTypeOf(state?.value).toEqualTypeOf<{ steps: string[]; done: number } | undefined>();
    expect(state?.value.steps).toEqual(['search']);
    expect((await memory.get({ resourceId: 'planner' }))?.value.done).toBe(3);
  });

  it('rejects a value that breaks the schema, writing nothing', async () => {
    const memory = new WorkingMemory({ store: new InMemoryMemoryStore(), schema });
    const error = await expectRejectedCode(
      memory.set({ agentId: 'a' }, { steps: 'search', done: -1 } as never),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('invalid working memory working/agent/a: steps');
    expect(await memory.get({ agentId: 'a' })).toBeUndefined();
  });

  it('rejects a schema output that is not JSON', async () => {
    const memory = new WorkingMemory({
      store: new InMemoryMemoryStore(),
      schema: z.object({ at: z.date() }),
    });
    const error = await expectRejectedCode(
      memory.set({ agentId: 'a' }, { at: new Date() }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('a Date is not plain JSON');
  });

  it('refuses a stale expectedRevision', async () => {
    const memory = new WorkingMemory({ store: new InMemoryMemoryStore(), schema });
    await memory.set({ agentId: 'a' }, { steps: [], done: 0 }, { expectedRevision: 0 });
    await memory.set({ agentId: 'a' }, { steps: [], done: 1 }, { expectedRevision: 1 });
    const error = await expectRejectedCode(
      memory.set({ agentId: 'a' }, { steps: [], done: 9 }, { expectedRevision: 1 }),
      'MEMORY_REVISION_CONFLICT',
    );
    expect(error.details).toMatchObject({ expectedRevision: 1, actualRevision: 2 });
    expect((await memory.get({ agentId: 'a' }))?.value.done).toBe(1);
  });

  it('applies concurrent updates from two processes without losing one', async () => {
    const events = new InMemoryEventStore();
    const counter = z.object({ count: z.number() });
    const a = new WorkingMemory({
      store: new EventStoreMemoryStore({ store: events }),
      schema: counter,
    });
    const b = new WorkingMemory({
      store: new EventStoreMemoryStore({ store: events }),
      schema: counter,
    });
    const bump = (current: { count: number } | undefined) => ({ count: (current?.count ?? 0) + 1 });
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        (n % 2 ? a : b).update({ agentId: 'x' }, bump, { maxAttempts: 50 }),
      ),
    );
    expect(await a.get({ agentId: 'x' })).toMatchObject({ value: { count: 12 }, revision: 12 });
  });

  it('gives up an update after maxAttempts conflicts with the conflict error', async () => {
    const store = new InMemoryMemoryStore();
    const memory = new WorkingMemory({ store, schema });
    let calls = 0;
    const error = await expectRejectedCode(
      memory.update(
        { agentId: 'a' },
        () => {
          calls++;
          // Someone else writes between our read and our write, every time.
          void store.put('working/agent/a', 'state', { steps: [], done: calls });
          return { steps: ['mine'], done: 0 };
        },
        { maxAttempts: 3 },
      ),
      'MEMORY_REVISION_CONFLICT',
    );
    expect(error.code).toBe('MEMORY_REVISION_CONFLICT');
    expect(calls).toBe(3);
  });

  it('reports a stored value that no longer fits the schema, and clears it', async () => {
    const store = new InMemoryMemoryStore();
    await store.put('working/agent/a', 'state', { steps: 'old shape' });
    const memory = new WorkingMemory({ store, schema });
    const error = await expectRejectedCode(memory.get({ agentId: 'a' }), 'VALIDATION_FAILED');
    expect(error.message).toContain('it no longer fits the schema: migrate it, or set a new value');
    expect(await memory.clear({ agentId: 'a' })).toBe(true);
    expect(await memory.get({ agentId: 'a' })).toBeUndefined();
  });

  it('rejects a bad scope or option with the value', async () => {
    const memory = new WorkingMemory({ store: new InMemoryMemoryStore(), schema });
    const both = await expectRejectedCode(
      memory.get({ agentId: 'a', resourceId: 'b' } as never),
      'VALIDATION_FAILED',
    );
    expect(both.message).toContain(
      'is not a scope: pass { agentId: string } or { resourceId: string }',
    );
    await expectRejectedCode(memory.get({ userId: 'a' } as never), 'VALIDATION_FAILED');
    const id = await expectRejectedCode(memory.get({ agentId: 'a b' }), 'VALIDATION_FAILED');
    expect(id.message).toContain('invalid working memory agentId "a b"');
    await expectRejectedCode(
      memory.update({ agentId: 'a' }, () => ({ steps: [], done: 0 }), { maxAttempts: 0 }),
      'VALIDATION_FAILED',
    );
  });
});
